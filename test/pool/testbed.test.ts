import { afterAll, describe, expect, it } from 'vitest'
import { createTestbed, type PgtestbedConfig, TemplateBuildError } from '../../src/public/index.js'
import { redactUrl } from '../../src/sql/index.js'
import { databases, query } from '../support/query.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

const project = tempProject({
  'migrations/001_users.sql': 'CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL);',
  'migrations/002_seed.sql': "INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com');",
})
afterAll(() => project.remove())

function config(extra: PgtestbedConfig = {}): PgtestbedConfig {
  return { engine: 'url', url: serverUrl(), prefix: uniquePrefix(), pool: { size: 2 }, ...extra }
}

describe('createTestbed', () => {
  it('hands out isolated, migrated, seeded databases and cleans up on close', async () => {
    const bed = await createTestbed(config(), { cwd: project.dir })
    const a = await bed.acquire()
    const b = await bed.acquire()
    expect(a.name).not.toBe(b.name)
    await query(a.url, "INSERT INTO users (email) VALUES ('only-in-a@example.com')")
    expect(await query(a.url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 3 }])
    expect(await query(b.url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 2 }])
    await a.release()
    await a.release()
    await b.release()
    const prefix = bed.config.prefix
    await bed.close()
    await bed.close()
    expect(await databases(prefix)).toEqual([`${bed.template}`])
  })

  it('builds the template once when several testbeds start at the same time', async () => {
    const shared = config()
    const beds = await Promise.all([1, 2, 3].map(() => createTestbed(shared, { cwd: project.dir })))
    expect(beds.filter((b) => b.templateBuilt)).toHaveLength(1)
    expect(new Set(beds.map((b) => b.template)).size).toBe(1)
    await Promise.all(beds.map((b) => b.close()))
  })

  it('reports the failing migration file and line, leaves no template, and retries next run', async () => {
    const broken = tempProject({
      'migrations/001_ok.sql': 'CREATE TABLE a (id int);',
      'migrations/002_bad.sql': 'CREATE TABLE b (id int);\n\nSELECT * FROM\n  missing_table;',
    })
    const prefix = uniquePrefix()
    try {
      const error = await createTestbed(config({ prefix }), { cwd: broken.dir }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TemplateBuildError)
      expect((error as Error).message).toMatch(
        /migrations\/002_bad\.sql:4: relation "missing_table" does not exist.*rebuilt on the next run/,
      )
      expect((error as TemplateBuildError).line).toBe(4)
      expect(await databases(prefix)).toEqual([])

      const { writeFileSync } = await import('node:fs')
      writeFileSync(`${broken.dir}/migrations/002_bad.sql`, 'CREATE TABLE b (id int);')
      const bed = await createTestbed(config({ prefix }), { cwd: broken.dir })
      expect(bed.templateBuilt).toBe(true)
      await bed.close()
    } finally {
      broken.remove()
    }
  })

  it('runs the setup hook on the template', async () => {
    const bed = await createTestbed(
      config({
        migrations: false,
        setup: async (db) => {
          await db.query('CREATE TABLE settings (k text PRIMARY KEY, v text)')
          await db.query("INSERT INTO settings VALUES ('mode', 'test')")
        },
      }),
      { cwd: project.dir },
    )
    const db = await bed.acquire()
    expect(await query(db.url, 'SELECT v FROM settings')).toEqual([{ v: 'test' }])
    await bed.close()
  })

  it('keeps the database of a failed test, prints its URL, and the reaper leaves it', async () => {
    const lines: string[] = []
    const bed = await createTestbed(config({ onFailure: 'keep' }), {
      cwd: project.dir,
      log: (l) => lines.push(l),
    })
    const db = await bed.acquire()
    await db.release({ outcome: 'failed' })
    await bed.close()
    // The URL without its password, and the command that prints it whole.
    expect(lines.join('\n')).toContain(redactUrl(db.url))
    expect(lines.join('\n')).toContain(`pgtestbed db url ${db.name}`)
    expect(lines.join('\n')).not.toContain(new URL(db.url).password)
    expect(await databases(bed.config.prefix)).toContain(db.name)
    const after = await createTestbed(config({ prefix: bed.config.prefix }), { cwd: project.dir })
    await after.close()
    expect(await databases(bed.config.prefix)).toContain(db.name)
    await query(serverUrl(), `DROP DATABASE "${db.name}"`)
  })

  it('reaps databases of a dead run', async () => {
    const prefix = uniquePrefix()
    const orphan = `${prefix}_rdead01_abcdef_0`
    await query(serverUrl(), `CREATE DATABASE "${orphan}"`)
    const bed = await createTestbed(config({ prefix }), { cwd: project.dir })
    await bed.close()
    expect(await databases(prefix)).not.toContain(orphan)
  })

  it('waits at the cap of live databases and continues when one is released', async () => {
    const bed = await createTestbed(config({ pool: { size: 1, maxDatabases: 2 } }), { cwd: project.dir })
    const a = await bed.acquire()
    await bed.acquire()
    let third = false
    const pending = bed.acquire().then((db) => {
      third = true
      return db
    })
    await new Promise((r) => setTimeout(r, 100))
    expect(third).toBe(false)
    await a.release()
    const db = await pending
    expect(db.name).toMatch(new RegExp(`^${bed.config.prefix}_`))
    await bed.close()
  })
})
