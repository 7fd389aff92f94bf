/**
 * A whole vitest suite, five ways, on the same embedded PostgreSQL: 20 files × 10 small tests
 * (insert a row, count), on
 *   - pgtestbed as configured by default (`pool.recycle` 'in-place'): `pgtestbed/vitest`, a
 *     database per test equal to the template; one a test used only through `db.query` is made
 *     equal again on that test's own connection (the table it wrote reloaded) and handed on;
 *   - pgtestbed, dropping (`PGTESTBED_POOL_RECYCLE=0`): every test a new clone, dropped after;
 *   - pgtestbed, recycling all (`PGTESTBED_POOL_RECYCLE=1`): as the default, and databases whose
 *     connection was ended are renamed and checked on a new session (none in this suite);
 *   - TRUNCATE + reseed: one database per worker, every table truncated and reseeded before
 *     each test (what teams do by hand);
 *   - BEGIN/ROLLBACK: one database per worker, each test inside a rolled-back transaction
 *     (fast, but the code under test cannot commit, use several connections or test concurrency);
 *   - no database: the same files and tests without any query, the floor a process per test file
 *     sets (vitest's worker, the imports).
 * Alternated, `rounds` times; prints median wall times and ratios to TRUNCATE + reseed.
 *
 *   npm run build && [BENCH_ISOLATE=0] npx jiti bench/suite.ts [rounds] [tables]
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { percentiles } from '../src/internal/percentiles.js'

const rounds = Number(process.argv[2] ?? 3)
const tables = Number(process.argv[3] ?? 3)
const FILES = 20
const TESTS = 10
const repo = fileURLToPath(new URL('..', import.meta.url))
// BENCH_KEEP=1 keeps the scratch project (its path is printed) to run vitest in it by hand.
const keep = process.env['BENCH_KEEP'] === '1'
// BENCH_ISOLATE=0 runs every variant with vitest's --no-isolate (test files share a worker
// process), which takes the per-file process start out of all of them.
const isolate = process.env['BENCH_ISOLATE'] !== '0'
const dir = mkdtempSync(join(tmpdir(), 'pgt-suite-'))

const names = Array.from({ length: tables }, (_, i) => `t${i + 1}`)
const seed = names
  .map((t) => `INSERT INTO ${t} (name, n) SELECT 'row ' || g, g FROM generate_series(1, 20) g;`)
  .join('\n')
const files: Record<string, string> = {
  'package.json': '{ "name": "suite-bench", "type": "module", "private": true }',
  'migrations/001_tables.sql': names
    .map((t) => `CREATE TABLE ${t} (id serial PRIMARY KEY, name text NOT NULL, n int NOT NULL);`)
    .join('\n'),
  'migrations/002_seed.sql': seed,
  'pgtestbed.config.json': JSON.stringify({ engine: 'embedded', migrations: 'migrations' }),
  'vitest.pgtestbed.config.js': `import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { include: ['isolated/*.test.js'], globalSetup: ['pgtestbed/vitest/global-setup'] } })`,
  'vitest.floor.config.js': `import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { include: ['floor/*.test.js'] } })`,
  'vitest.shared.config.js': `import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { include: ['shared/*.test.js'], globalSetup: ['./shared-setup.js'] } })`,
  // One database per possible worker, cloned from pgtestbed's template on the same kind of cluster.
  'shared-setup.js': `import pg from 'pg'
import { createTestbed } from 'pgtestbed'
import { availableParallelism } from 'node:os'
let bed
export default async function (project) {
  bed = await createTestbed(undefined, { poolSize: 0 })
  const urls = []
  for (let i = 0; i < availableParallelism() + 1; i++) urls.push((await bed.acquire()).url)
  project.provide('workerUrls', urls)
  return () => bed.close()
}`,
  // Each test file calls it, so its hooks are registered per file also when vitest runs files in
  // one worker without isolation (the module is then evaluated once per worker).
  'shared-db.js': `import pg from 'pg'
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest'
import { readFileSync } from 'node:fs'
const seed = readFileSync(new URL('./migrations/002_seed.sql', import.meta.url), 'utf8')
const mode = process.env.BENCH_MODE
export function useSharedDb() {
  let client
  beforeAll(async () => {
    client = new pg.Client({ connectionString: inject('workerUrls')[Number(process.env.VITEST_POOL_ID ?? 1)] })
    await client.connect()
  })
  afterAll(() => client.end())
  beforeEach(async () => {
    if (mode === 'rollback') await client.query('BEGIN')
    else {
      await client.query('TRUNCATE ${names.join(', ')} RESTART IDENTITY CASCADE')
      await client.query(seed)
    }
  })
  afterEach(async () => {
    if (mode === 'rollback') await client.query('ROLLBACK')
  })
  return { query: (text, params) => client.query(text, params) }
}`,
}
const body = (q: string) => `
    await ${q}("INSERT INTO t1 (name, n) VALUES ('new', 0)")
    const { rows } = await ${q}('SELECT count(*)::int AS c FROM t1')
    expect(rows[0].c).toBe(21)`
for (let f = 0; f < FILES; f++) {
  const cases = Array.from({ length: TESTS }, (_, i) => i)
  files[`isolated/f${f}.test.js`] = `import { expect, test } from 'pgtestbed/vitest'
${cases.map((i) => `test('t${i}', async ({ db }) => {${body('db.query')}\n})`).join('\n')}`
  files[`floor/f${f}.test.js`] = `import { expect, test } from 'vitest'
${cases.map((i) => `test('t${i}', async () => {\n    expect(${i} + 1).toBe(${i + 1})\n})`).join('\n')}`
  files[`shared/f${f}.test.js`] = `import { expect, test } from 'vitest'
import { useSharedDb } from '../shared-db.js'
const db = useSharedDb()
${cases.map((i) => `test('t${i}', async () => {${body('db.query')}\n})`).join('\n')}`
}
for (const [path, text] of Object.entries(files)) {
  mkdirSync(join(dir, path, '..'), { recursive: true })
  writeFileSync(join(dir, path), text)
}
// pgtestbed as a user's install has it: a package directory under node_modules (a symlink to
// the checkout would make vitest transform every module of it, ~0.1 s more per test file).
const installed = join(dir, 'node_modules', 'pgtestbed')
mkdirSync(installed, { recursive: true })
cpSync(join(repo, 'package.json'), join(installed, 'package.json'))
cpSync(join(repo, 'dist'), join(installed, 'dist'), { recursive: true })
symlinkSync(join(repo, 'node_modules'), join(installed, 'node_modules'))
for (const dep of ['vitest', 'pg'])
  symlinkSync(join(repo, 'node_modules', dep), join(dir, 'node_modules', dep))

const vitest = join(repo, 'node_modules', 'vitest', 'vitest.mjs')
function wall(config: string, mode = '', extra: NodeJS.ProcessEnv = {}): number {
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_MODE: mode }
  for (const key of Object.keys(env))
    if (key.startsWith('VITEST') || key.startsWith('PGTESTBED')) delete env[key]
  Object.assign(env, extra)
  const t = performance.now()
  const run = spawnSync(
    process.execPath,
    [vitest, 'run', '--config', config, ...(isolate ? [] : ['--no-isolate'])],
    {
      cwd: dir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    },
  )
  const ms = performance.now() - t
  if (run.status !== 0) throw new Error(`vitest failed (${config}):\n${run.stderr}`)
  // pgtestbed's one line when the tests outran the warm pool (see README, pool.stats()).
  outran = run.stderr.split('\n').find((line) => line.includes('outran the warm pool')) ?? outran
  return ms
}
let outran: string | undefined

try {
  wall('vitest.pgtestbed.config.js') // builds and keeps the template; warms the file cache
  const runs = {
    pgtestbed: [] as number[],
    pgtestbedDrop: [] as number[],
    pgtestbedRecycleAll: [] as number[],
    truncateReseed: [] as number[],
    rollback: [] as number[],
    noDatabase: [] as number[],
  }
  for (let r = 0; r < rounds; r++) {
    runs.pgtestbed.push(wall('vitest.pgtestbed.config.js'))
    runs.pgtestbedDrop.push(wall('vitest.pgtestbed.config.js', '', { PGTESTBED_POOL_RECYCLE: '0' }))
    runs.pgtestbedRecycleAll.push(wall('vitest.pgtestbed.config.js', '', { PGTESTBED_POOL_RECYCLE: '1' }))
    runs.truncateReseed.push(wall('vitest.shared.config.js', 'truncate'))
    runs.rollback.push(wall('vitest.shared.config.js', 'rollback'))
    runs.noDatabase.push(wall('vitest.floor.config.js'))
  }
  const p50 = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, Math.round(percentiles(v).p50)]))
  const base = p50['truncateReseed'] ?? Number.NaN
  const ratios = Object.fromEntries(
    Object.entries(p50).map(([k, v]) => [k, Math.round((v / base) * 100) / 100]),
  )
  const load = Math.round((loadavg()[0] ?? 0) * 100) / 100
  console.log(
    JSON.stringify(
      {
        rounds,
        tables,
        isolate,
        tests: FILES * TESTS,
        load,
        wallMs: p50,
        toTruncateReseed: ratios,
        runsMs: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, v.map(Math.round)])),
        outran,
      },
      null,
      2,
    ),
  )
} finally {
  if (keep) console.log(`kept the project: ${dir}`)
  else rmSync(dir, { recursive: true, force: true })
}
