/**
 * What perf tracking adds to a suite's wall time: a 200-test "suite" (each test: acquire a
 * fresh migrated database from the warm pool, run 8 small statements, release) run with
 * tracking off and on, alternating, in the same process and against the same cluster. The
 * tests go through the same wrapper the integrations use (`perfFixture` around
 * `wrapDatabase`), so "on" pays exactly what a tracked test pays: timing, one pg_stat_statements
 * read and reset, one appended line.
 *
 *   npx jiti bench/perf-overhead.ts [reps=3] [tests=200]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type TestDb, wrapDatabase } from '../src/integrations/shared/test-database.js'
import { closeStatementReaders } from '../src/perf/statements.js'
import { median } from '../src/perf/stats/median.js'
import { perfFixture } from '../src/perf/track-test.js'
import { createTestbed } from '../src/pool/index.js'

const reps = Number(process.argv[2] ?? 3)
const tests = Number(process.argv[3] ?? 200)

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pgt-perf-overhead-'))
  process.env['PGTESTBED_PERF_DIR'] = dir
  process.env['PGTESTBED_RUN_ID'] = 'overhead'
  const bed = await createTestbed({
    migrations: false,
    setup: async (db) => {
      await db.query('CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL)')
      await db.query("INSERT INTO items (name) SELECT 'i' || g FROM generate_series(1, 100) g")
    },
  })
  const suite = async (): Promise<number> => {
    const started = performance.now()
    for (let i = 0; i < tests; i++)
      await perfFixture<TestDb>(
        { name: `test ${i}`, file: 'bench.test.ts' },
        async (use) => {
          const wrapped = wrapDatabase(await bed.acquire())
          try {
            await use(wrapped.db)
          } finally {
            await wrapped.finish('passed')
          }
        },
        async (db) => {
          for (let q = 0; q < 5; q++) await db.query('SELECT name FROM items WHERE id = $1', [q + 1])
          await db.query("INSERT INTO items (name) VALUES ('x')")
          await db.query('UPDATE items SET name = $1 WHERE id = 1', ['y'])
          await db.query('SELECT count(*) FROM items')
        },
      )
    return performance.now() - started
  }
  const off: number[] = []
  const on: number[] = []
  try {
    process.env['PGTESTBED_PERF'] = '0'
    await suite() // warm-up: template, pool, JIT
    for (let r = 0; r < reps; r++) {
      for (const [flag, sink] of r % 2 === 0
        ? ([
            ['0', off],
            ['1', on],
          ] as const)
        : ([
            ['1', on],
            ['0', off],
          ] as const)) {
        process.env['PGTESTBED_PERF'] = flag
        sink.push(await suite())
      }
    }
  } finally {
    await closeStatementReaders()
    await bed.close()
    rmSync(dir, { recursive: true, force: true })
  }
  const a = median(off)
  const b = median(on)
  console.log(`perf-overhead: ${tests} tests, ${reps} reps each, alternating`)
  console.log(`tracking off: median ${a.toFixed(0)} ms  (${off.map((t) => t.toFixed(0)).join(', ')})`)
  console.log(`tracking on:  median ${b.toFixed(0)} ms  (${on.map((t) => t.toFixed(0)).join(', ')})`)
  console.log(`overhead: ${(((b - a) / a) * 100).toFixed(1)} % (${((b - a) / tests).toFixed(2)} ms per test)`)
}

await main()
