/**
 * Opens a client on a URL someone gave us (`--db URL`), turning a refused connection or a wrong
 * password into an error people can act on — with the password out of the message.
 * @module
 */
import { EngineError, failure, messageOf } from '../errors.js'
import pg from '../internal/pg.js'
import { redactUrl } from './engine.js'

/**
 * A connected client, or `PGT_UNREACHABLE` naming the (redacted) URL, why, and what to check.
 *
 * @example
 * const client = await connectClient(url, '--db')
 * try { await client.query('select 1') } finally { await client.end() }
 */
export async function connectClient(url: string, from: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  client.on('error', () => undefined)
  try {
    await client.connect()
    return client
  } catch (err) {
    await client.end().catch(() => undefined)
    const code = (err as { code?: string }).code
    throw new EngineError(
      'PGT_UNREACHABLE',
      failure(
        `connect to ${redactUrl(url)} (${from})`,
        messageOf(err) || code || 'the connection failed',
        code === '28P01' || code === '28000'
          ? 'Check the user name and password in the URL.'
          : 'Check that the server is running and the host, port and database name in the URL.',
      ),
      { cause: err },
    )
  }
}
