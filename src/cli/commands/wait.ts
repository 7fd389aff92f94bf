/**
 * `pgtestbed wait`: blocks until a `url` server accepts connections and its role may create
 * databases (a CI service container's health check), or fails after --timeout saying which.
 * @module
 */
import { waitForServer } from '../../ci/index.js'
import { defineCommand, stringOption, usageError } from '../command.js'

export const waitCommand = defineCommand({
  name: ['wait'],
  summary: 'Wait until a PostgreSQL server accepts connections and the role may create databases',
  options: {
    url: { type: 'string', value: 'URL', default: '$DATABASE_URL', description: 'The server to wait for' },
    timeout: { type: 'string', value: 'SECONDS', default: '60', description: 'Give up after this long' },
  },
  async run(args, io) {
    const url = stringOption(args, 'url') ?? io.env['DATABASE_URL']
    if (url === undefined || url === '')
      throw usageError(
        'No server to wait for: pass --url URL or set DATABASE_URL. Example: pgtestbed wait --url postgresql://postgres:postgres@127.0.0.1:5432/postgres',
      )
    const raw = stringOption(args, 'timeout') ?? '60'
    const seconds = Number(raw)
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw usageError(`--timeout must be a positive number of seconds, got "${raw}". Example: --timeout 30`)
    const data = await waitForServer(url, {
      timeoutMs: seconds * 1000,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    })
    return {
      data,
      human: `${data.url} is ready (PostgreSQL ${data.serverVersion}, ${data.attempts} attempt(s), ${data.ms} ms)`,
    }
  },
})
