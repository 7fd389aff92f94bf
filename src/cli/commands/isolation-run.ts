/**
 * `pgtestbed isolation run FILE…`: runs scenario files and prints each step's result; exit 1 when
 * a declared expectation fails.
 * @module
 */
import { relative, resolve } from 'node:path'
import {
  atLevel,
  type FileScenario,
  type InterleavingReport,
  type IsolationLevel,
  interleave,
  loadScenarioFile,
  reportMismatches,
  ScenarioError,
} from '../../concurrency/index.js'
import { failure } from '../../errors.js'
import { defineCommand, usageError } from '../command.js'
import { progressOf } from '../progress.js'
import { parseLevels, withIsolationDatabase } from './isolation-scratch.js'

/** One scenario's result in the command's JSON output. */
export interface RunScenarioData {
  readonly name: string
  readonly file: string
  readonly level: IsolationLevel | null
  readonly steps: readonly {
    session: string
    sql: string
    status: string
    blocked: boolean
    unblockedBy: number | null
    waitedFor: number | null
    tags: readonly string[]
    rows: readonly (readonly unknown[])[]
    sqlstate: string | null
    message: string | null
  }[]
  readonly final: readonly (readonly unknown[])[] | null
  readonly deadlocks: InterleavingReport['deadlocks']
  readonly passed: boolean
  readonly failures: readonly string[]
}

function toData(
  s: FileScenario,
  file: string,
  level: IsolationLevel | null,
  report: InterleavingReport,
): RunScenarioData {
  const failures = reportMismatches(report, s.stepExpectations, s.expect)
  return {
    name: s.name,
    file,
    level,
    steps: report.steps.map((r) => ({
      session: r.session,
      sql: r.sql,
      status: r.status,
      blocked: r.blocked,
      unblockedBy: r.unblockedBy,
      waitedFor: r.waitedFor,
      tags: r.tags,
      rows: r.rows,
      sqlstate: r.sqlstate,
      message: r.message,
    })),
    final: report.final,
    deadlocks: report.deadlocks,
    passed: failures.length === 0,
    failures,
  }
}

/** Human rendering: one line per step, then expectations. */
export function renderRun(scenarios: readonly RunScenarioData[]): string {
  const out: string[] = []
  for (const s of scenarios) {
    out.push(`${s.passed ? 'PASS' : 'FAIL'}  ${s.name}  (${s.file}${s.level ? `, ${s.level}` : ''})`)
    s.steps.forEach((step, i) => {
      const outcome =
        step.status === 'ok'
          ? `ok ${step.tags.join(', ')}${step.rows.length > 0 ? ` → ${JSON.stringify(step.rows)}` : ''}`
          : step.status === 'error'
            ? `ERROR ${step.sqlstate}: ${step.message}`
            : `TIMEOUT: ${step.message}`
      const flags = [
        step.blocked
          ? `blocked${step.unblockedBy === null ? '' : `, released by step ${step.unblockedBy}`}`
          : '',
        step.sqlstate === '40P01' ? 'deadlock victim' : '',
        step.waitedFor === null ? '' : `queued behind step ${step.waitedFor}`,
      ].filter((f) => f !== '')
      out.push(`  ${String(i).padStart(2)} ${step.session.padEnd(4)} ${oneLine(step.sql)}`)
      out.push(`       ${flags.length > 0 ? `[${flags.join('; ')}] ` : ''}${outcome}`)
    })
    for (const d of s.deadlocks) {
      out.push(
        `  deadlock: step ${d.victimStep} (${d.victimSession}) was the victim, detected after ${Math.round(d.detectionMs)} ms`,
      )
    }
    if (s.final !== null) out.push(`  final: ${JSON.stringify(s.final)}`)
    for (const f of s.failures) out.push(`  ✗ ${f}`)
    out.push('')
  }
  const failed = scenarios.filter((s) => !s.passed).length
  out.push(`${scenarios.length - failed} passed, ${failed} failed`)
  return out.join('\n')
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim()
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat
}

export const isolationRunCommand = defineCommand({
  name: ['isolation', 'run'],
  summary:
    'Run interleaving scenarios from JSON/YAML files and print every step; exit 1 on failed expectations',
  args: 'FILE.(json|yaml)...',
  options: {
    level: {
      type: 'string',
      value: 'LEVEL',
      description: 'Run every scenario at this level (rc, rr or serializable); fills {{isolation}}',
    },
  },
  allowPositionals: true,
  async run(args, io) {
    if (args.positionals.length === 0) {
      throw usageError(
        failure(
          'run isolation scenarios',
          'no file given',
          'Usage: pgtestbed isolation run FILE.(json|yaml)...',
        ),
      )
    }
    const levelArg = args.values['level']
    const level = typeof levelArg === 'string' ? parseLevels(levelArg) : undefined
    if (level !== undefined && level.length > 1) {
      throw usageError(
        failure('read --level', 'it names more than one level', 'Pass one level, e.g. --level serializable.'),
      )
    }
    const files = await Promise.all(
      args.positionals.map(async (p) => ({
        path: relative(io.cwd, resolve(io.cwd, p)) || p,
        list: await loadScenarioFile(resolve(io.cwd, p)),
      })),
    )
    for (const f of files) {
      for (const s of f.list) {
        if (level === undefined && s.steps.some((step) => step.sql.includes('{{isolation}}'))) {
          throw new ScenarioError(
            'PGT_SCENARIO_INVALID',
            failure(
              `run scenario "${s.name}" (${f.path}:${s.line})`,
              'its steps say {{isolation}} but no level was given',
              'Pass --level read-committed, repeatable-read or serializable.',
            ),
            { file: s.file, line: s.line },
          )
        }
      }
    }
    const scenarios = await withIsolationDatabase(io, async (url) => {
      progressOf(io).phase(`running ${files.reduce((n, f) => n + f.list.length, 0)} scenario(s)`)
      const out: RunScenarioData[] = []
      for (const f of files) {
        for (const s of f.list) {
          const steps = level === undefined ? s.steps : atLevel(s.steps, level[0]!)
          const report = await interleave({
            ...s,
            url,
            steps,
            ...(s.deadlineMs === undefined ? {} : { deadlineMs: s.deadlineMs }),
          }).catch((err: unknown) => {
            if (err instanceof ScenarioError) {
              throw new ScenarioError(
                err.code as 'PGT_SCENARIO_SETUP',
                `${err.message} (${f.path}:${s.line})`,
                {
                  file: s.file,
                  line: s.line,
                  cause: err,
                },
              )
            }
            throw err
          })
          const syntax = report.steps.find((r) => r.sqlstate === '42601')
          if (syntax !== undefined) {
            throw new ScenarioError(
              'PGT_SCENARIO_INVALID',
              failure(
                `run scenario "${s.name}" (${f.path}:${s.line})`,
                `step ${syntax.index} (${syntax.session}) has SQL that does not parse: ${syntax.message}`,
                'Fix the SQL of that step.',
              ),
              { file: s.file, line: s.line },
            )
          }
          out.push(toData(s, f.path, level?.[0] ?? null, report))
        }
      }
      return out
    })
    const data = { scenarios }
    return { data, human: renderRun(scenarios), exitCode: scenarios.every((s) => s.passed) ? 0 : 1 }
  },
})
