import { readdirSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { exec, REPO, runnerProject } from '../e2e/runner-project.js'
import { serverUrl } from '../support/scratch-database.js'
import { uniquePrefix } from '../support/temp-project.js'

// jest itself, run in a subprocess on small projects (CommonJS and ESM), on the url engine (this
// run's shared server): every test its own seeded database; a failed test's database kept.
const jest = join(REPO, 'node_modules', 'jest', 'bin', 'jest.js')
const jestConfig = `{
  testEnvironment: 'pgtestbed/jest/environment',
  globalSetup: 'pgtestbed/jest/global-setup',
  globalTeardown: 'pgtestbed/jest/global-teardown',
}`

const isolated = (label: string, load: string): string => `
${load}
for (const n of [1, 2, 3]) {
  test('${label} ' + n + ': starts from the seed and writes freely', async () => {
    const before = await db.query('SELECT count(*)::int AS n FROM items')
    expect(before.rows[0].n).toBe(2)
    await db.query("INSERT INTO items (name) VALUES ('${label}-' || $1)", [n])
    const other = await db.connect()
    const after = await other.query('SELECT count(*)::int AS n FROM items')
    expect(after.rows[0].n).toBe(3)
    expect(db.url).toContain(db.name)
  })
}
`

async function clones(prefix: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl() })
  await client.connect()
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE '${prefix}\\_%' AND NOT datistemplate ORDER BY 1`,
    )
    return rows.map((r) => r.datname)
  } finally {
    await client.end()
  }
}

async function dropAll(names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() })
  await client.connect()
  for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await client.end()
}

const env = () => ({ PGTESTBED_ENGINE: 'url', DATABASE_URL: serverUrl(), NO_COLOR: '1' })

describe('pgtestbed/jest on a real jest run', () => {
  const cjsPrefix = uniquePrefix()
  const cjs = runnerProject({
    'package.json': '{ "name": "jest-cjs", "private": true }',
    'pgtestbed.config.json': JSON.stringify({ prefix: cjsPrefix, pool: { size: 2 } }),
    'jest.config.js': `module.exports = ${jestConfig}`,
    'test/a.test.js': isolated('a', "const { db } = require('pgtestbed/jest')"),
    'test/b.test.js': isolated('b', "const { db } = require('pgtestbed/jest')"),
    'test/failing.test.js': `
const { db } = require('pgtestbed/jest')
beforeEach(async () => {
  await db.query("INSERT INTO items (name) VALUES ('from-beforeEach')")
})
test('fails an assertion', async () => {
  await db.query("INSERT INTO items (name) VALUES ('jest-evidence')")
  expect(1).toBe(2)
})
test('passes', async () => {
  expect((await db.query("SELECT count(*)::int AS n FROM items")).rows[0].n).toBe(3)
})
`,
  })
  const esmPrefix = uniquePrefix()
  const esm = runnerProject({
    'package.json': '{ "name": "jest-esm", "type": "module", "private": true }',
    'pgtestbed.config.json': JSON.stringify({ prefix: esmPrefix }),
    'jest.config.js': `export default { ...${jestConfig}, transform: {} }`,
    'test/a.test.js': isolated('a', "import { db } from 'pgtestbed/jest'"),
    'test/outside.test.js': `
import { db } from 'pgtestbed/jest'
test('db outside a test says where to use it', () => {})
beforeAll(() => {
  expect(() => db.url).toThrow(/no pgtestbed database is active. Use db inside a test/)
})
`,
  })
  // TypeScript through the project's own transform: here a five-line one on `typescript`'s
  // transpileModule (ts-jest, babel-jest and @swc/jest hand jest the same kind of output).
  const tsPrefix = uniquePrefix()
  const ts = runnerProject({
    'package.json': '{ "name": "jest-ts", "private": true }',
    'pgtestbed.config.json': JSON.stringify({ prefix: tsPrefix }),
    'jest.config.js': `module.exports = { ...${jestConfig}, transform: { '\\\\.ts$': '<rootDir>/ts-transform.cjs' } }`,
    'ts-transform.cjs': `const ts = require('typescript')
module.exports = {
  process(source, fileName) {
    const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 }
    return { code: ts.transpileModule(source, { compilerOptions: options, fileName }).outputText }
  },
}`,
    'test/typed.test.ts': `import { db } from 'pgtestbed/jest'
interface Item { id: number; name: string }
test('a typed test gets its own seeded database', async () => {
  const { rows } = await db.query<Item>('SELECT id, name FROM items ORDER BY id')
  const names: string[] = rows.map((r: Item) => r.name)
  expect(names).toEqual(['seed-1', 'seed-2'])
  await db.query("INSERT INTO items (name) VALUES ('typed')")
})
test('and the next one starts from the seed again', async () => {
  expect((await db.query('SELECT count(*)::int AS n FROM items')).rows[0].n).toBe(2)
})
`,
  })
  symlinkSync(join(REPO, 'node_modules', 'typescript'), join(ts.dir, 'node_modules', 'typescript'))
  // Tracking switched on by the config: each test's phases and its database's statements.
  const perfPrefix = uniquePrefix()
  const perf = runnerProject({
    'package.json': '{ "name": "jest-perf", "private": true }',
    'pgtestbed.config.json': JSON.stringify({ prefix: perfPrefix, perf: true }),
    'jest.config.js': `module.exports = ${jestConfig}`,
    'test/items.test.js': `const { db } = require('pgtestbed/jest')
describe('items', () => {
  test('looks items up', async () => {
    for (let i = 0; i < 3; i++) await db.query('SELECT name FROM items WHERE id = $1', [i])
  })
  test('fails', async () => {
    expect(1).toBe(2)
  })
})
`,
  })
  afterAll(() => {
    cjs.remove()
    esm.remove()
    ts.remove()
    perf.remove()
  })

  it('records each test with perf: true in the config: phases, outcome, its statements', async () => {
    const result = await exec(process.execPath, [jest, '--ci'], { cwd: perf.dir, env: env() })
    expect(result.output).toMatch(/Tests:\s+1 failed, 1 passed, 2 total/)
    expect(result.output).toMatch(/pgtestbed perf: 2 tests recorded/)
    const dir = join(perf.dir, '.pgtestbed', 'perf', 'runs')
    const [file] = readdirSync(dir)
    const run = JSON.parse(readFileSync(join(dir, file ?? ''), 'utf8'))
    type Recorded = { name: string; phases: object; top: { query: string; calls: number }[] }
    const byName = new Map<string, Recorded>(run.tests.map((t: Recorded) => [t.name, t]))
    const lookedUp = byName.get('looks items up')
    expect(lookedUp).toMatchObject({ id: 'test/items.test.js > items > looks items up', outcome: 'passed' })
    expect(Object.keys(lookedUp?.phases ?? {}).sort()).toEqual(['acquire', 'body', 'release'])
    const lookup = lookedUp?.top.find((q) => q.query.includes('FROM items WHERE'))
    expect(lookup?.calls).toBe(3)
    expect(byName.get('fails')).toMatchObject({ outcome: 'failed', file: 'test/items.test.js' })
    const kept = (await clones(perfPrefix)).filter((name) => !name.includes('_tpl_'))
    await dropAll(kept)
  })

  it('TypeScript through the project’s own transform', async () => {
    const result = await exec(process.execPath, [jest, '--ci'], { cwd: ts.dir, env: env() })
    expect(result.output).toMatch(/Tests:\s+2 passed, 2 total/)
    expect(result.code).toBe(0)
    expect(await clones(tsPrefix)).toEqual([])
  })

  it('CommonJS: each test gets its own database; a failed test keeps it, with its data', async () => {
    const result = await exec(process.execPath, [jest, '--ci'], { cwd: cjs.dir, env: env() })
    expect(result.output).toMatch(/Tests:\s+1 failed, 7 passed, 8 total/)
    expect(result.code).toBe(1)
    const urls = [...result.output.matchAll(/kept the database of a failed test for inspection: (\S+)/g)]
    expect(urls).toHaveLength(1)
    const kept = decodeURIComponent(new URL(urls[0]?.[1] ?? '').pathname.slice(1))
    const full = new URL(serverUrl())
    full.pathname = `/${kept}`
    const client = new pg.Client({ connectionString: full.toString() })
    await client.connect()
    const { rows } = await client.query(
      "SELECT name FROM items WHERE name IN ('jest-evidence', 'from-beforeEach')",
    )
    await client.end()
    expect(rows).toHaveLength(2)
    // Everything else (passing tests' databases, warm clones) is gone.
    expect(await clones(cjsPrefix)).toEqual([kept])
    await dropAll([kept])
  })

  it('ESM (--experimental-vm-modules): the same db, imported', async () => {
    const result = await exec(process.execPath, ['--experimental-vm-modules', jest, '--ci'], {
      cwd: esm.dir,
      env: env(),
    })
    expect(result.output).toMatch(/Tests:\s+4 passed, 4 total/)
    expect(result.code).toBe(0)
    expect(await clones(esmPrefix)).toEqual([])
  })
})
