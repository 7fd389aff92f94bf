/**
 * Loads a stub folder: every `*.json`, `*.yaml`, `*.yml` file (recursively, skipping `__files/`
 * body folders and the top-level `packs/` folder), and pack data from `packs/<pack>/<scenario>.*`.
 * Collects every problem, with file, line and column.
 * @module
 */

import { readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, extname, join, relative } from 'node:path'
import { compileFaults } from './compile-fault.js'
import { compileStub } from './compile-stub.js'
import type { CompiledFault, Stub } from './compiled-stub.js'
import { displayPath, type LocatedProblem } from './mock-errors.js'
import { type ParsedSource, parseSource } from './parse-source.js'
import { FILE_FIELDS } from './stub-fields.js'
import { checkKeys, collectProblems, type FieldPath, formatPath, isRecord } from './validation.js'

/** Everything read from a stub folder. */
export interface LoadedStubDir {
  readonly files: readonly string[]
  readonly stubs: readonly Stub[]
  /** Scenario names declared by files (file-level `scenario`, stub `scenario`, pack data file names). */
  readonly scenarios: readonly string[]
  /** Scenario-level faults by scenario name. */
  readonly scenarioFaults: ReadonlyMap<string, readonly CompiledFault[]>
  /** Pack data: pack name → scenario name → data. */
  readonly packData: ReadonlyMap<string, ReadonlyMap<string, unknown>>
  readonly problems: readonly LocatedProblem[]
}

const EXTENSIONS = new Set(['.json', '.yaml', '.yml'])

/**
 * Reads and compiles every stub file under `dir`; never throws for bad content (see `problems`).
 *
 * @example
 * const loaded = loadStubDir('fixtures/mock-scenarios')
 * if (loaded.problems.length > 0) console.error(loaded.problems)
 */
export function loadStubDir(dir: string, firstOrder = 0): LoadedStubDir {
  const problems: LocatedProblem[] = []
  const stubs: Stub[] = []
  const scenarios = new Set<string>()
  const scenarioFaults = new Map<string, CompiledFault[]>()
  let files: string[]
  try {
    files = listFiles(dir, true)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    problems.push({
      file: dir,
      line: undefined,
      column: undefined,
      field: '(folder)',
      message: `cannot read the stub folder (${code ?? (err as Error).message})`,
    })
    return { files: [], stubs, scenarios: [], scenarioFaults, packData: new Map(), problems }
  }
  let order = firstOrder
  for (const file of files) {
    const parsed = parseFile(file, problems)
    if (parsed === undefined) continue
    const local = collectProblems()
    const name = relative(dir, file).replace(/\.(json|ya?ml)$/, '')
    const value = parsed.value
    let list: unknown[] = []
    let listPath: FieldPath = []
    let fileScenario: string | undefined
    if (Array.isArray(value)) list = value
    else if (isRecord(value) && ('request' in value || 'response' in value || 'responses' in value)) {
      list = [value]
      listPath = ['(single)']
    } else if (isRecord(value)) {
      checkKeys(value, FILE_FIELDS, [], local)
      const s = value['scenario']
      if (s !== undefined && (typeof s !== 'string' || s === '' || s.includes('#')))
        local.add(['scenario'], 'must be a scenario name (no "#")')
      else if (typeof s === 'string') {
        fileScenario = s
        scenarios.add(s)
      }
      if (value['faults'] !== undefined) {
        if (fileScenario === undefined)
          local.add(['faults'], 'file-level faults need a file-level scenario: they apply to that scenario')
        const faults = compileFaults(value['faults'], `scenario:${fileScenario}:${name}`, ['faults'], local)
        if (fileScenario !== undefined)
          scenarioFaults.set(fileScenario, [...(scenarioFaults.get(fileScenario) ?? []), ...faults])
      }
      if (value['stubs'] !== undefined && !Array.isArray(value['stubs']))
        local.add(['stubs'], 'must be a list of stubs')
      else list = (value['stubs'] as unknown[] | undefined) ?? []
      listPath = ['stubs']
    } else {
      local.add([], 'expected a stub, a list of stubs, or { scenario?, faults?, stubs: [...] }')
    }
    list.forEach((raw, i) => {
      const single = listPath[0] === '(single)'
      const at: FieldPath = single ? [] : [...listPath, i]
      const line = parsed.locate(at).line
      const stub = compileStub(
        raw,
        {
          fallbackId: single ? name : `${name}#${i}`,
          order: order++,
          source: { file, line },
          baseDir: dirname(file),
          defaultScenario: fileScenario,
        },
        at,
        local,
      )
      if (stub === undefined) return
      stubs.push(stub)
      for (const s of stub.scenarios ?? []) scenarios.add(s)
    })
    problems.push(...locateAll(file, parsed, local.list))
  }
  const packData = loadPackData(join(dir, 'packs'), problems, scenarios)
  return { files, stubs, scenarios: [...scenarios], scenarioFaults, packData, problems }
}

/** Problems for stubs sharing an id, naming both places. */
export function duplicateIdProblems(stubs: readonly Stub[]): LocatedProblem[] {
  const seen = new Map<string, Stub>()
  const problems: LocatedProblem[] = []
  for (const stub of stubs) {
    const first = seen.get(stub.id)
    if (first === undefined) {
      seen.set(stub.id, stub)
      continue
    }
    const where =
      first.source.file === undefined
        ? 'in code'
        : `at ${displayPath(first.source.file)}:${first.source.line ?? 1}`
    problems.push({
      file: stub.source.file,
      line: stub.source.line,
      column: undefined,
      field: 'id',
      message: `duplicate stub id "${stub.id}" (first defined ${where}); ids must be unique`,
    })
  }
  return problems
}

function loadPackData(
  packsDir: string,
  problems: LocatedProblem[],
  scenarios: Set<string>,
): Map<string, Map<string, unknown>> {
  const data = new Map<string, Map<string, unknown>>()
  let packs: string[]
  try {
    packs = readdirSync(packsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  } catch {
    return data
  }
  for (const pack of packs.sort()) {
    const byScenario = new Map<string, unknown>()
    for (const file of listFiles(join(packsDir, pack), false)) {
      const parsed = parseFile(file, problems)
      if (parsed === undefined) continue
      const scenario = basename(file, extname(file))
      byScenario.set(scenario, parsed.value)
      scenarios.add(scenario)
    }
    data.set(pack, byScenario)
  }
  return data
}

function parseFile(file: string, problems: LocatedProblem[]): ParsedSource | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    problems.push({
      file,
      line: undefined,
      column: undefined,
      field: '(file)',
      message: `cannot read (${(err as NodeJS.ErrnoException).code})`,
    })
    return undefined
  }
  if (text.trim() === '') {
    problems.push({
      file,
      line: 1,
      column: 1,
      field: '(file)',
      message: 'the file is empty; expected a stub, a list of stubs, or { stubs: [...] }',
    })
    return undefined
  }
  const parsed = parseSource(text, extname(file) === '.json' ? 'json' : 'yaml')
  if ('errors' in parsed) {
    for (const e of parsed.errors)
      problems.push({ file, line: e.line, column: e.column, field: '(syntax)', message: e.message })
    return undefined
  }
  return parsed
}

function locateAll(
  file: string,
  parsed: ParsedSource,
  list: readonly { path: FieldPath; message: string }[],
): LocatedProblem[] {
  return list.map((p) => {
    const { line, column } = parsed.locate(p.path)
    return { file, line, column, field: formatPath(p.path), message: p.message }
  })
}

function listFiles(dir: string, recursive: boolean, top = true): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (
        !recursive ||
        entry.name === '__files' ||
        entry.name === 'node_modules' ||
        (top && entry.name === 'packs')
      )
        continue
      out.push(...listFiles(path, recursive, false))
    } else if (EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      out.push(path)
    }
  }
  return out
}
