import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { databaseUrl } from '../../src/engine/index.js'

/** A new empty database on the run's shared cluster, with a connected client; drop() removes it. */
export interface ScratchDatabase {
  readonly name: string
  readonly url: string
  readonly client: pg.Client
  drop(): Promise<void>
}

/** The admin URL of the shared cluster started by global-setup.ts. */
export function serverUrl(): string {
  return inject('serverUrl')
}

/**
 * Creates a scratch database for tests of modules that only need "some database".
 *
 * @example
 * const db = await scratchDatabase()
 * try { await db.client.query('select 1') } finally { await db.drop() }
 */
export async function scratchDatabase(): Promise<ScratchDatabase> {
  const admin = serverUrl()
  const name = `scratch_${randomBytes(5).toString('hex')}`
  const a = new pg.Client({ connectionString: admin })
  await a.connect()
  await a.query(`CREATE DATABASE ${name}`)
  await a.end()
  const url = databaseUrl(admin, name)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  return {
    name,
    url,
    client,
    async drop() {
      await client.end().catch(() => undefined)
      const b = new pg.Client({ connectionString: admin })
      await b.connect()
      await b.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await b.end()
    },
  }
}
