/**
 * A throwaway database on a server, for work that needs "a database" rather than a test
 * database from the template: migration checks, schema builds, isolation scenarios, fixture
 * checks. Named `<prefix>_<purpose>_<random>` (quoted wherever it is used); `drop()` (or
 * `await using`) always removes it.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { EngineError, failure, messageOf } from '../errors.js'
import pg from '../internal/pg.js'
import { createDatabaseSql, dropDatabaseSql } from './databases.js'
import { databaseUrl, redactUrl } from './url.js'

/** A scratch database with one connected session. */
export interface ScratchDatabase extends AsyncDisposable {
  readonly name: string
  readonly url: string
  readonly session: pg.Client
  /** Ends the session and drops the database. Safe to call twice. */
  drop(): Promise<void>
}

/** Where a scratch database is made and what it is called. */
export interface ScratchDatabaseOptions {
  /** First part of the name, e.g. the configured prefix `pgt`. */
  readonly prefix: string
  /** Second part of the name, e.g. `mig`, `fx`, `schema`, `iso`. */
  readonly purpose: string
}

/**
 * Creates an empty database on the server at `adminUrl` (the role needs CREATEDB). Throws
 * `EngineError` (`PGT_NO_CREATEDB`) when it cannot, keeping the PostgreSQL error as `cause`.
 *
 * @example
 * await using db = await createScratchDatabase(adminUrl, { prefix: 'pgt', purpose: 'mig' })
 * await db.session.query('select 1')
 */
export async function createScratchDatabase(
  adminUrl: string,
  options: ScratchDatabaseOptions,
): Promise<ScratchDatabase> {
  const name = `${options.prefix}_${options.purpose}_${randomBytes(5).toString('hex')}`
  await adminQuery(adminUrl, createDatabaseSql(name)).catch((err: unknown) => {
    throw new EngineError(
      'PGT_NO_CREATEDB',
      failure(
        `create scratch database ${name} on ${redactUrl(adminUrl)}`,
        messageOf(err),
        'Use a role with CREATEDB (ALTER ROLE … CREATEDB) and check that the server is running.',
      ),
      { cause: err },
    )
  })
  const url = databaseUrl(adminUrl, name)
  const session = new pg.Client({ connectionString: url })
  // Notices (e.g. "there is no transaction in progress" from scripts that COMMIT themselves) are noise here.
  session.on('notice', () => undefined)
  session.on('error', () => undefined)
  try {
    await session.connect()
  } catch (err) {
    await adminQuery(adminUrl, dropDatabaseSql(name)).catch(() => undefined)
    throw err
  }
  let dropping: Promise<void> | undefined
  const drop = (): Promise<void> => {
    dropping ??= (async () => {
      await session.end().catch(() => undefined)
      await adminQuery(adminUrl, dropDatabaseSql(name))
    })()
    return dropping
  }
  return { name, url, session, drop, [Symbol.asyncDispose]: drop }
}

/**
 * Runs `work` on a new scratch database (its connected session and URL), then drops it,
 * whatever happens.
 *
 * @example
 * const n = await withScratchDatabase(adminUrl, { prefix: 'pgt', purpose: 'fx' }, async (db) =>
 *   (await db.session.query('select 1 as n')).rows[0].n)
 */
export async function withScratchDatabase<T>(
  adminUrl: string,
  options: ScratchDatabaseOptions,
  work: (db: ScratchDatabase) => Promise<T>,
): Promise<T> {
  await using db = await createScratchDatabase(adminUrl, options)
  return await work(db)
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl })
  admin.on('error', () => undefined)
  await admin.connect()
  try {
    await admin.query(sql)
  } finally {
    await admin.end().catch(() => undefined)
  }
}
