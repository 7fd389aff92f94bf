/**
 * Where statement counts cannot be read (the pglite engine here: each database is its own
 * instance; a server without pg_stat_statements alike), the reports say statement counts were not recorded and why, rather than "0 statements".
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { StartedEngine } from '../../src/engine/index.js'
import { startPglite } from '../../src/engine/pglite/index.js'
import { RUN_FORMAT, type RunRecord } from '../../src/perf/record.js'
import { markdownReport } from '../../src/perf/report/markdown-report.js'
import { terminalReport } from '../../src/perf/report/terminal-report.js'
import { closeStatementReaders, readStatements } from '../../src/perf/statements.js'

let engine: StartedEngine
beforeAll(async () => {
  engine = await startPglite()
}, 120_000)
afterAll(async () => {
  await closeStatementReaders()
  await engine?.close()
})

function runOf(counts: { calls: number } | null, notes: readonly string[]): RunRecord {
  const test = {
    id: 'a.test.ts > adds',
    name: 'adds',
    file: 'a.test.ts',
    line: 1,
    outcome: 'passed' as const,
    phases: { acquire: 1, body: 4, release: 1 },
    counts:
      counts === null
        ? null
        : { calls: counts.calls, rows: 0, blocks: 0, blocksRead: 0, tempBlocks: 0, walBytes: 0, execMs: 0 },
    top: [],
    nPlusOne: [],
    notes,
  }
  const machine = {
    platform: 'linux',
    arch: 'x64',
    cpus: 2,
    cpuModel: 'x',
    node: 'v20',
    postgres: '17',
    commit: undefined,
  }
  return {
    format: RUN_FORMAT,
    version: 1,
    id: 'r',
    createdAt: '2026-12-06T00:00:00.000Z',
    machine,
    tests: [test],
  }
}

it('says statements were not recorded, and why, when the server has no pg_stat_statements', async () => {
  const reading = await readStatements(engine.url, 'postgres', { nPlusOne: 10 })
  expect(reading.counts).toBeNull()
  expect(reading.notes[0]).toMatch(
    /^the pglite engine keeps each database in its own PGlite instance, so per-test query counts are not recorded there/,
  )
  const run = runOf(reading.counts, reading.notes)
  const terminal = terminalReport(run)
  expect(terminal).toMatch(
    /^perf: 1 tests recorded, 6 ms in tests \(p50 6 ms, p95 6 ms\), statements not recorded\n/,
  )
  expect(terminal).toContain(`  note: ${reading.notes[0]}\n`)
  expect(terminal).not.toContain('0 statements')
  const markdown = markdownReport(run)
  expect(markdown).toContain('· statements not recorded ·')
  expect(markdown).toContain(`Note: ${reading.notes[0]}`)
})

it('counts statements as before when they were recorded', () => {
  const terminal = terminalReport(runOf({ calls: 7 }, []))
  expect(terminal).toMatch(/, 7 statements\n/)
  expect(terminal).not.toContain('note:')
})
