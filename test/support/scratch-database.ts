import type pg from 'pg'
import { inject } from 'vitest'
import { createScratchDatabase } from '../../src/sql/index.js'

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
  const db = await createScratchDatabase(serverUrl(), { prefix: 'scratch', purpose: 'db' })
  return { name: db.name, url: db.url, client: db.session, drop: db.drop }
}
