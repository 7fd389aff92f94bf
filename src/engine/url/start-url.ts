/**
 * The `url` engine: an existing server (a CI service container, a shared server). It must let
 * our role create databases; everything we make there carries our prefix and run id.
 * @module
 */
import { EngineError, messageOf } from '../../errors.js'
import pg from '../../internal/pg.js'
import { redactUrl, type StartedEngine } from '../engine.js'

/**
 * Attaches to the server at `url` after checking it answers and allows CREATE DATABASE.
 *
 * @example
 * const server = await startUrl('postgresql://postgres@127.0.0.1:5432/postgres')
 */
export async function startUrl(url: string): Promise<StartedEngine> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  try {
    await client.connect()
  } catch (err) {
    throw new EngineError(
      'PGT_UNREACHABLE',
      `Failed to connect to ${redactUrl(url)}: ${messageOf(err) || (err as { code?: string }).code}. ` +
        'Check that the server is running and the URL (DATABASE_URL or "url" in the config) is right.',
      { cause: err },
    )
  }
  try {
    const { rows } = await client.query<{ version: string; num: string; can_create: boolean; role: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num,
              (rolcreatedb OR rolsuper) AS can_create, rolname AS role
         FROM pg_roles WHERE rolname = current_user`,
    )
    const row = rows[0]
    if (row === undefined || !row.can_create) {
      throw new EngineError(
        'PGT_NO_CREATEDB',
        `Failed to use ${redactUrl(url)}: role "${row?.role ?? '?'}" may not create databases, and every test needs its own. ` +
          `Grant it with: ALTER ROLE "${row?.role ?? 'your_role'}" CREATEDB;`,
      )
    }
    const close = async (): Promise<void> => {}
    return {
      kind: 'url',
      url,
      serverVersion: row.version.split(' ')[0] ?? row.version,
      serverVersionNum: Number(row.num),
      owned: false,
      close,
      [Symbol.asyncDispose]: close,
    }
  } finally {
    await client.end()
  }
}
