import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestbed, type PgtestbedConfig } from '../../src/public/index.js'
import { tempProject } from '../support/temp-project.js'

// Templates that survive runs: a run on its own embedded cluster that built a template keeps the
// stopped cluster's data directory, and the next run starts from it with the template built.
const project = tempProject({
  'migrations/001_users.sql': 'CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL);',
  'migrations/002_seed.sql': "INSERT INTO users (email) VALUES ('a@example.com');",
})
afterAll(() => project.remove())

function warmEntries(dataRoot: string): string[] {
  return readdirSync(dataRoot).filter((n) => n.startsWith('warm-'))
}

async function run(dataRoot: string, extra: PgtestbedConfig = {}, failOne = false) {
  const bed = await createTestbed(
    { engine: 'embedded', pool: { size: 1 }, embedded: { dataRoot }, ...extra },
    { cwd: project.dir, log: () => undefined },
  )
  const fromCache = 'fromCache' in bed.engine ? bed.engine.fromCache : undefined
  const db = await bed.acquire()
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM users')
  await client.end()
  await db.release(failOne ? { outcome: 'failed' } : undefined)
  await bed.close()
  return { built: bed.templateBuilt, fromCache, users: rows[0]?.n }
}

describe('templates kept between runs of an embedded cluster', () => {
  it('starts the next run from the kept data directory, with the template built', async () => {
    const dataRoot = mkdtempSync('/dev/shm/pgt-keep-')
    try {
      expect(await run(dataRoot)).toEqual({ built: true, fromCache: false, users: 1 })
      expect(warmEntries(dataRoot)).toHaveLength(1)
      expect(await run(dataRoot)).toEqual({ built: false, fromCache: true, users: 1 })
      // Nothing new was built: the kept directory is still the one entry.
      expect(warmEntries(dataRoot)).toHaveLength(1)
      // Changed migrations: a new template is built on the kept cluster, and kept in turn.
      writeFileSync(
        join(project.dir, 'migrations/003_more.sql'),
        "INSERT INTO users (email) VALUES ('b@example.com');",
      )
      expect(await run(dataRoot)).toEqual({ built: true, fromCache: true, users: 2 })
      expect(await run(dataRoot)).toEqual({ built: false, fromCache: true, users: 2 })
    } finally {
      rmSync(join(project.dir, 'migrations/003_more.sql'), { force: true })
      rmSync(dataRoot, { recursive: true, force: true })
    }
  })

  it('keeps nothing with embedded.cacheTemplates false, or when a failed test kept its database', async () => {
    const dataRoot = mkdtempSync('/dev/shm/pgt-keep-')
    try {
      await run(dataRoot, { embedded: { dataRoot, cacheTemplates: false } })
      expect(warmEntries(dataRoot)).toEqual([])
      await run(dataRoot, { onFailure: 'keep' }, true)
      expect(warmEntries(dataRoot)).toEqual([]) // a kept database must not come back in a later run
      expect(await run(dataRoot)).toMatchObject({ built: true, fromCache: false })
    } finally {
      rmSync(dataRoot, { recursive: true, force: true })
    }
  })
})
