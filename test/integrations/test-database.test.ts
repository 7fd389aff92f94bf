import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { wrapDatabase } from '../../src/integrations/shared/test-database.js'
import { createTestbed, type Testbed } from '../../src/public/index.js'
import { query } from '../support/query.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

// What the runner integrations hand a test: with the default `pool.recycle` ('in-place'), a
// passing test that only used db.query gives its connection back and its database is reset on
// it; reading db.url or db.name, or opening a connection of its own, means a drop as before.
const project = tempProject({
  'migrations/001_schema.sql':
    "CREATE TABLE notes (id serial PRIMARY KEY, body text); INSERT INTO notes (body) VALUES ('seed');",
})

let bed: Testbed
beforeAll(async () => {
  bed = await createTestbed(
    { engine: 'url', url: serverUrl(), prefix: uniquePrefix(), pool: { size: 1 } },
    { cwd: project.dir },
  )
})
afterAll(async () => {
  await bed?.close()
  project.remove()
})

async function settled(): Promise<void> {
  for (let i = 0; i < 2500; i++) {
    const s = bed.stats()
    if (s.recycling === 0 && s.dropping === 0 && s.creating === 0 && s.ready > 0) return
    await new Promise((r) => setTimeout(r, 2))
  }
  throw new Error('the pool did not settle within 5 s')
}

async function exists(name: string): Promise<boolean> {
  const rows = await query<{ n: number }>(
    serverUrl(),
    `SELECT count(*)::int AS n FROM pg_database WHERE datname = '${name}'`,
  )
  return rows[0]?.n === 1
}

type Use = (db: ReturnType<typeof wrapDatabase>['db']) => Promise<unknown>

/** One test's life through the integrations' wrapper: returns whether its database was recycled. */
async function runTest(
  use: Use,
  outcome: 'passed' | 'failed' = 'passed',
): Promise<{ name: string; recycled: boolean }> {
  await settled()
  const before = bed.stats().recycled
  const leased = await bed.acquire()
  const wrapped = wrapDatabase(leased)
  await wrapped.db.query("INSERT INTO notes (body) VALUES ('written by the test')")
  await use(wrapped.db)
  await wrapped.finish(outcome)
  await settled()
  return { name: leased.name, recycled: bed.stats().recycled === before + 1 }
}

describe('the integrations’ database wrapper, pool.recycle in-place (the default)', () => {
  it('recycles a database only db.query used, on the same connection, under the same name', async () => {
    // The pool reads the template from a ready database when the first one comes back; when
    // none is ready yet (a clone under way on a loaded machine), that first one is dropped. One
    // test first, so the one checked here does not depend on the clone's timing.
    await runTest(async () => undefined)
    const { name, recycled } = await runTest(async () => undefined)
    expect(recycled).toBe(true)
    expect(await exists(name)).toBe(true)
    // The test that gets it next sees the template's rows, not the previous test's.
    const held = []
    for (let n = bed.stats().ready; n > 0; n--) held.push(await bed.acquire())
    const next = held.find((db) => db.name === name)
    expect(next).toBeDefined()
    if (next === undefined) return
    const wrapped = wrapDatabase(next)
    expect((await wrapped.db.query('SELECT body FROM notes ORDER BY id')).rows).toEqual([{ body: 'seed' }])
    await wrapped.finish('passed')
    for (const db of held) if (db !== next) await db.release()
  })

  it.each<[string, Use]>([
    ['read db.url', async (db) => db.url],
    ['read db.name', async (db) => db.name],
    ['opened a connection of its own', async (db) => db.connect()],
  ])('drops the database of a test that %s (something else may hold its URL)', async (_what, use) => {
    const { name, recycled } = await runTest(use)
    expect(recycled).toBe(false)
    expect(await exists(name)).toBe(false)
  })

  it('drops a database its own session cannot prove equal to the template (DDL through db.query)', async () => {
    const { name, recycled } = await runTest((db) => db.query('CREATE TABLE extra (id int)'))
    expect(recycled).toBe(false)
    expect(await exists(name)).toBe(false)
  })

  it('does not recycle the database of a failed test', async () => {
    const { recycled } = await runTest(async () => undefined, 'failed')
    expect(recycled).toBe(false)
  })
})

describe('tests that outrun the clones', () => {
  it('recycles once the template has been read, though no ready database was left to read it from', async () => {
    const own = await createTestbed(
      { engine: 'url', url: serverUrl(), prefix: uniquePrefix(), pool: { size: 1, quietAfterAcquireMs: 0 } },
      { cwd: project.dir },
    )
    try {
      // Each test gives its database back at once: the pool's next clone is still being made, so
      // the first comes back before there is any ready database to read the template from.
      for (let i = 0; i < 6; i++) {
        const wrapped = wrapDatabase(await own.acquire())
        await wrapped.db.query("INSERT INTO notes (body) VALUES ('fast test')")
        await wrapped.finish('passed')
      }
      for (let i = 0; i < 2500 && own.stats().recycling > 0; i++) await new Promise((r) => setTimeout(r, 2))
      // The first is dropped; the next clone is held back to read the template; then they recycle.
      expect(own.stats().recycled).toBeGreaterThanOrEqual(3)
    } finally {
      await own.close()
    }
  })
})
