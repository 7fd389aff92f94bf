/**
 * `pgtestbed mock serve`: runs the mock HTTP server until SIGINT/SIGTERM, printing its URL and a
 * line per request. The server and its run loop are `@pgtestbed/mock`, loaded only when this runs.
 * @module
 */
import { defineCommand, usageError } from '../command.js'
import { withMockCli } from './mock-package.js'

export const mockServeCommand = defineCommand({
  name: ['mock', 'serve'],
  summary: 'Run the mock HTTP server (stub files, packs, scenarios, faults, record) until Ctrl-C',
  options: {
    dir: { type: 'string', value: 'DIR', description: 'The folder of stub files' },
    packs: {
      type: 'string',
      value: 'a,b',
      description: 'Provider packs to enable (google-calendar, microsoft-graph, oauth2)',
    },
    port: {
      type: 'string',
      value: 'N',
      default: '4010',
      description: 'Port to listen on (0 picks a free one)',
    },
    host: { type: 'string', value: 'H', default: '127.0.0.1', description: 'Address to listen on' },
    record: {
      type: 'string',
      value: 'BASE_URL',
      description: 'Forward unmatched requests to BASE_URL and record the answers as stubs',
    },
    'admin-token': {
      type: 'string',
      value: 'T',
      description:
        'Bearer token the admin routes require (generated and printed once when --host is not loopback)',
    },
    https: {
      type: 'boolean',
      description:
        'Serve https with a local CA and loopback certificate made at start (prints the NODE_EXTRA_CA_CERTS line)',
    },
    'log-secrets': {
      type: 'boolean',
      description: 'Keep credentials in the journal and logs (they are redacted by default)',
    },
  },
  longRunning: true,
  async run(args, io) {
    const v = args.values
    const port = v['port'] === undefined ? undefined : Number(v['port'])
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      throw usageError(
        `--port must be a port number from 0 to 65535 (0 picks a free one), got "${String(v['port'])}"`,
      )
    }
    const packs =
      typeof v['packs'] === 'string'
        ? v['packs']
            .split(',')
            .map((p) => p.trim())
            .filter((p) => p !== '')
        : []
    // The runner aborts io.signal on SIGINT/SIGTERM (long-running command).
    return withMockCli('mock serve', (mock) =>
      mock.serveMock(
        {
          ...(typeof v['dir'] === 'string' ? { dir: v['dir'] } : {}),
          packs,
          ...(port === undefined ? {} : { port }),
          ...(typeof v['host'] === 'string' ? { host: v['host'] } : {}),
          ...(typeof v['record'] === 'string' ? { record: v['record'] } : {}),
          ...(typeof v['admin-token'] === 'string' ? { adminToken: v['admin-token'] } : {}),
          logSecrets: v['log-secrets'] === true,
          https: v['https'] === true,
          json: v['json'] === true,
        },
        io,
        io.signal ?? new AbortController().signal,
      ),
    )
  },
})
