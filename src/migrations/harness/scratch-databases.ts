/**
 * Databases the harness creates and always drops: `<prefix>_mig_<random>` on a server.
 * @module
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { databaseUrl } from '../../engine/index.js'

/** A database the harness works in, with one connected session. */
export interface HarnessDatabase extends AsyncDisposable {
  readonly name: string
  readonly url: string
  readonly session: pg.Client
  drop(): Promise<void>
}

/**
 * Creates an empty database on the server at `adminUrl`; `drop()` (or `await using`) removes it.
 *
 * @example
 * await using db = await createHarnessDatabase(adminUrl, 'pgt')
 * await db.session.query('select 1')
 */
export async function createHarnessDatabase(adminUrl: string, prefix: string): Promise<HarnessDatabase> {
  const name = `${prefix}_mig_${randomBytes(5).toString('hex')}`
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`)
  const url = databaseUrl(adminUrl, name)
  const session = new pg.Client({ connectionString: url })
  // Notices (e.g. "there is no transaction in progress" from scripts that COMMIT themselves) are noise here.
  session.on('notice', () => undefined)
  try {
    await session.connect()
  } catch (err) {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined)
    throw err
  }
  let dropped = false
  const drop = async () => {
    if (dropped) return
    dropped = true
    await session.end().catch(() => undefined)
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
  return { name, url, session, drop, [Symbol.asyncDispose]: drop }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(sql)
  } finally {
    await admin.end().catch(() => undefined)
  }
}
