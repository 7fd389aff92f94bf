/**
 * Scenario files for `isolation run` and `isolation check --dir`: JSON or YAML, one scenario or
 * a list. Every problem of a file is collected into one error naming the file and line.
 * @module
 */
import { readdir, readFile } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { LineCounter, type Node, parseDocument } from 'yaml'
import { failure } from '../errors.js'
import type { AnomalyScenario, IsolationLevel } from './anomalies/anomaly.js'
import { ISOLATION_LEVELS, prevented } from './anomalies/anomaly.js'
import {
  type AnomalyCondition,
  anomalyHappened,
  type ScenarioExpectation,
  type StepExpectation,
} from './expectations.js'
import type { ScenarioSpec, StepSpec } from './scenario.js'
import { ScenarioError } from './scenario-error.js'
import {
  isRecord,
  isRows,
  isSqlList,
  type Problem,
  validateAnomalyIf,
  validateStepExpectation,
} from './scenario-file-checks.js'

/** A scenario read from a file, with its declared expectations. */
export interface FileScenario extends ScenarioSpec {
  readonly kind: 'file-scenario'
  readonly name: string
  readonly file: string
  readonly line: number
  readonly steps: readonly StepSpec[]
  /** Per-step expectations, by step index. */
  readonly stepExpectations: Readonly<Record<string, StepExpectation>>
  readonly expect: ScenarioExpectation
  readonly deadlineMs: number | undefined
  /** Set for scenarios meant for the isolation check table. */
  readonly anomalyIf: AnomalyCondition | undefined
  readonly documented: Readonly<Partial<Record<IsolationLevel, 'prevented' | 'anomaly'>>> | undefined
}

const SCENARIO_KEYS = new Set([
  'name',
  'description',
  'setup',
  'sessions',
  'steps',
  'final',
  'teardown',
  'expect',
  'deadlineMs',
  'anomalyIf',
  'documented',
])
const STEP_KEYS = new Set(['session', 'sql', 'expect'])

/**
 * Reads and validates a scenario file.
 *
 * @example
 * const scenarios = await loadScenarioFile('test/races/double-booking.yaml')
 */
export async function loadScenarioFile(path: string): Promise<FileScenario[]> {
  const file = resolve(path)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new ScenarioError(
      'PGT_SCENARIO_INVALID',
      failure(`read scenario file ${path}`, (err as Error).message, 'Check the path.'),
      { file, cause: err },
    )
  }
  return parseScenarios(text, file)
}

/**
 * Scenario files in a folder (`*.json`, `*.yaml`, `*.yml`), in name order.
 *
 * @example
 * const scenarios = await loadScenarioDir('isolation')
 */
export async function loadScenarioDir(dir: string): Promise<FileScenario[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (err) {
    throw new ScenarioError(
      'PGT_SCENARIO_INVALID',
      failure(`read scenario folder ${dir}`, (err as Error).message, 'Pass an existing folder with --dir.'),
      { file: dir, cause: err },
    )
  }
  const files = names.filter((n) => ['.json', '.yaml', '.yml'].includes(extname(n))).sort()
  const out: FileScenario[] = []
  for (const name of files) out.push(...(await loadScenarioFile(join(dir, name))))
  return out
}

/** Parses scenario text (JSON is YAML); `file` is used in messages. */
export function parseScenarios(text: string, file: string): FileScenario[] {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!
    const line = lines.linePos(e.pos[0]).line || undefined
    throw new ScenarioError(
      'PGT_SCENARIO_INVALID',
      failure(
        `parse ${file}${line ? `:${line}` : ''}`,
        e.message.split('\n')[0]!,
        'Fix the JSON/YAML syntax there.',
      ),
      { file, ...(line === undefined ? {} : { line }) },
    )
  }
  const problems: { line: number; text: string }[] = []
  const lineOf = (path: readonly (string | number)[]): number => {
    for (let p = [...path]; ; p = p.slice(0, -1)) {
      const node = (p.length === 0 ? doc.contents : doc.getIn(p, true)) as Node | null | undefined
      if (node?.range) return lines.linePos(node.range[0]).line
      if (p.length === 0) return 1
    }
  }
  const problem = (path: readonly (string | number)[], text: string) =>
    problems.push({ line: lineOf(path), text })
  const data = doc.toJS() as unknown
  const list = Array.isArray(data) ? data : [data]
  const root: (string | number)[] = []
  const scenarios: FileScenario[] = []
  list.forEach((raw, i) => {
    const at = Array.isArray(data) ? [...root, i] : root
    const scenario = validateScenario(raw, at, problem, file, lineOf(at), i)
    if (scenario !== undefined) scenarios.push(scenario)
  })
  if (list.length === 0) problem([], 'the file holds no scenario')
  if (problems.length > 0) {
    const first = problems[0]!
    const detail = problems.map((p) => `  ${file}:${p.line}: ${p.text}`).join('\n')
    throw new ScenarioError(
      'PGT_SCENARIO_INVALID',
      `${failure(`read scenarios from ${file}`, `${problems.length} problem${problems.length === 1 ? '' : 's'}`, 'Fix them; the format is in docs/concurrency.md.')}\n${detail}`,
      { file, line: first.line },
    )
  }
  return scenarios
}

function validateScenario(
  raw: unknown,
  at: (string | number)[],
  problem: Problem,
  file: string,
  line: number,
  position: number,
): FileScenario | undefined {
  if (!isRecord(raw)) {
    problem(at, 'a scenario must be an object with "steps"')
    return undefined
  }
  for (const key of Object.keys(raw)) {
    if (!SCENARIO_KEYS.has(key))
      problem([...at, key], `unknown field "${key}" (known: ${[...SCENARIO_KEYS].join(', ')})`)
  }
  const name = typeof raw['name'] === 'string' ? raw['name'] : `scenario ${position + 1}`
  if (raw['name'] !== undefined && typeof raw['name'] !== 'string')
    problem([...at, 'name'], '"name" must be a string')
  for (const key of ['setup', 'teardown'] as const) {
    const v = raw[key]
    if (v !== undefined && !isSqlList(v))
      problem([...at, key], `"${key}" must be an SQL string or a list of them`)
  }
  if (raw['final'] !== undefined && typeof raw['final'] !== 'string')
    problem([...at, 'final'], '"final" must be an SQL string')
  let sessions: string[] | undefined
  const rawSessions = raw['sessions']
  if (rawSessions !== undefined) {
    if (Array.isArray(rawSessions) && rawSessions.every((s) => typeof s === 'string' && s !== ''))
      sessions = rawSessions
    else problem([...at, 'sessions'], '"sessions" must be a list of session names')
  }
  const steps: StepSpec[] = []
  const stepExpectations: Record<string, StepExpectation> = {}
  const rawSteps = raw['steps']
  if (!Array.isArray(rawSteps) || rawSteps.length === 0) {
    problem([...at, 'steps'], '"steps" must be a non-empty list of { session, sql }')
  } else {
    rawSteps.forEach((s, i) => {
      const sp = [...at, 'steps', i]
      if (!isRecord(s)) {
        problem(sp, `step ${i} must be an object { session, sql }`)
        return
      }
      for (const key of Object.keys(s)) {
        if (!STEP_KEYS.has(key))
          problem([...sp, key], `step ${i}: unknown field "${key}" (known: session, sql, expect)`)
      }
      if (typeof s['session'] !== 'string' || s['session'] === '') {
        problem([...sp, 'session'], `step ${i}: "session" must be a non-empty string`)
      } else if (sessions !== undefined && !sessions.includes(s['session'])) {
        problem(
          [...sp, 'session'],
          `step ${i} names session "${s['session']}", which is not among the declared sessions (${sessions.join(', ')})`,
        )
      }
      if (typeof s['sql'] !== 'string' || s['sql'].trim() === '')
        problem([...sp, 'sql'], `step ${i}: "sql" must be a non-empty string`)
      if (s['expect'] !== undefined) {
        const e = validateStepExpectation(
          s['expect'],
          [...sp, 'expect'],
          problem,
          `step ${i}`,
          rawSteps.length,
        )
        if (e !== undefined) stepExpectations[String(i)] = e
      }
      steps.push({ session: String(s['session']), sql: String(s['sql']) })
    })
  }
  const expect: ScenarioExpectation = {}
  if (raw['expect'] !== undefined) {
    const e = raw['expect']
    if (!isRecord(e) || Object.keys(e).some((k) => k !== 'final'))
      problem([...at, 'expect'], '"expect" may only hold "final" (rows)')
    else if (e['final'] !== undefined && !isRows(e['final']))
      problem([...at, 'expect', 'final'], '"expect.final" must be a list of rows (lists)')
    else if (e['final'] !== undefined) Object.assign(expect, { final: e['final'] })
  }
  const deadline = raw['deadlineMs']
  if (deadline !== undefined && (typeof deadline !== 'number' || !(deadline > 0))) {
    problem([...at, 'deadlineMs'], '"deadlineMs" must be a positive number')
  }
  let anomalyIf: AnomalyCondition | undefined
  if (raw['anomalyIf'] !== undefined)
    anomalyIf = validateAnomalyIf(raw['anomalyIf'], [...at, 'anomalyIf'], problem, rawSteps)
  let documented: FileScenario['documented']
  if (raw['documented'] !== undefined) {
    const d = raw['documented']
    const valid =
      isRecord(d) &&
      Object.entries(d).every(
        ([k, v]) =>
          (ISOLATION_LEVELS as readonly string[]).includes(k) && (v === 'prevented' || v === 'anomaly'),
      )
    if (!valid) {
      problem(
        [...at, 'documented'],
        '"documented" maps levels (read committed, repeatable read, serializable) to prevented or anomaly',
      )
    } else documented = d as FileScenario['documented']
  }
  return {
    kind: 'file-scenario',
    name,
    file,
    line,
    ...(raw['setup'] === undefined ? {} : { setup: raw['setup'] as string | string[] }),
    ...(sessions === undefined ? {} : { sessions }),
    steps,
    ...(typeof raw['final'] === 'string' ? { final: raw['final'] } : {}),
    ...(raw['teardown'] === undefined ? {} : { teardown: raw['teardown'] as string | string[] }),
    stepExpectations,
    expect,
    deadlineMs: typeof deadline === 'number' ? deadline : undefined,
    anomalyIf,
    documented,
  }
}

/**
 * Turns a file scenario with `anomalyIf` into an anomaly scenario for the isolation check. Its
 * steps may say `{{isolation}}` (e.g. `begin isolation level {{isolation}}`).
 *
 * @example
 * const extra = (await loadScenarioDir('isolation')).filter((s) => s.anomalyIf).map(toAnomalyScenario)
 */
export function toAnomalyScenario(s: FileScenario): AnomalyScenario {
  const condition = s.anomalyIf
  if (condition === undefined) {
    throw new ScenarioError(
      'PGT_SCENARIO_INVALID',
      failure(
        `use scenario "${s.name}" in the isolation check`,
        'it has no "anomalyIf"',
        'Add anomalyIf: { committed: [...] } (or final / steps).',
      ),
      { file: s.file, line: s.line },
    )
  }
  const setup = s.setup === undefined ? [] : typeof s.setup === 'string' ? [s.setup] : [...s.setup]
  return {
    kind: 'anomaly-scenario',
    id: s.name,
    name: s.name,
    description: `from ${s.file}`,
    setup,
    steps: s.steps,
    ...(s.final === undefined ? {} : { final: s.final }),
    ...(s.teardown === undefined
      ? {}
      : { teardown: typeof s.teardown === 'string' ? [s.teardown] : [...s.teardown] }),
    verdict: (report) =>
      anomalyHappened(report, condition)
        ? { outcome: 'anomaly', how: 'anomalyIf conditions held' }
        : prevented(report),
    ...(s.documented === undefined ? {} : { documented: s.documented }),
    source: s.file,
  }
}
