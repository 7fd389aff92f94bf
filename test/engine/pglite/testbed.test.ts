/**
 * createTestbed on the pglite engine: the template is built in its own instance, every test
 * database is a copy of it, and each is isolated from the others.
 */
import { afterAll, expect, it } from 'vitest'
import { createTestbed } from '../../../src/public/index.js'
import { requireVector } from '../../../src/public/vector.js'
import { query } from '../../support/query.js'
import { tempProject } from '../../support/temp-project.js'

const project = tempProject({
  'migrations/001_users.sql': 'CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL);',
  'migrations/002_seed.sql': "INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com');",
})
afterAll(() => project.remove())

it('hands out migrated, seeded, isolated databases and drops them on release', async () => {
  const bed = await createTestbed({ engine: 'pglite', pool: { size: 1 } }, { cwd: project.dir })
  try {
    expect(bed.engine.kind).toBe('pglite')
    expect(bed.engine.serverVersionNum).toBeGreaterThanOrEqual(180000)
    const a = await bed.acquire()
    const b = await bed.acquire()
    expect(a.name).not.toBe(b.name)
    // Each clone starts with the template's rows…
    expect(await query(b.url, 'SELECT email FROM users ORDER BY id')).toEqual([
      { email: 'a@example.com' },
      { email: 'b@example.com' },
    ])
    // …and a write in one is not seen in the other.
    await query(a.url, "INSERT INTO users (email) VALUES ('only-in-a@example.com')")
    expect(await query(a.url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 3 }])
    expect(await query(b.url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 2 }])
    // This template created no vector extension, so its copies have none: the error says where it goes.
    const client = await a.connect()
    await expect(requireVector(client, { create: true })).rejects.toThrow(
      /pglite engine has only the extensions its template created.*Add CREATE EXTENSION vector to a migration/,
    )
    await client.end()
    await a.release()
    await b.release()
    // Released databases are gone from the catalogue and their instances refuse connections.
    const left = await query<{ datname: string }>(bed.engine.url, 'SELECT datname FROM pg_database')
    expect(left.map((r) => r.datname)).not.toContain(a.name)
    await expect(query(a.url, 'SELECT 1')).rejects.toThrow(`database "${a.name}" does not exist`)
  } finally {
    await bed.close()
    await bed.close()
  }
}, 180_000)
