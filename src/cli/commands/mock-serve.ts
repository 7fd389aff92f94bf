/**
 * `pgtestbed mock serve`: runs the mock HTTP server until SIGINT/SIGTERM, printing its URL and a
 * line per request.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { isLoopback, type JournalEntry, type MockServer, startMockServer } from '../../mock/index.js'
import { type CommandIO, defineCommand, usageError } from '../command.js'

/** Options of `mock serve`, as the library takes them. */
export interface ServeMockOptions {
  readonly dir?: string
  readonly packs?: readonly string[]
  readonly port?: number
  readonly host?: string
  readonly record?: string
  /**
   * Required beyond loopback (else one is generated and printed once, on stderr); optional on
   * loopback. Default: PGTESTBED_MOCK_ADMIN_TOKEN.
   */
  readonly adminToken?: string
  /** Log and journal secrets verbatim (a warning says so); default: redacted. */
  readonly logSecrets?: boolean
  /** Print JSON lines instead of text. */
  readonly json?: boolean
}

/**
 * Starts the server, logs to `io` until `signal` aborts, then closes it. Resolves to the exit code.
 *
 * @example
 * const stop = new AbortController()
 * await serveMock({ dir: 'fixtures/mock', port: 0 }, io, stop.signal)
 */
export async function serveMock(
  options: ServeMockOptions,
  io: CommandIO,
  signal: AbortSignal,
): Promise<number> {
  const print = (line: string, data: Record<string, unknown>): void => {
    io.stdout.write(options.json === true ? `${JSON.stringify(data)}\n` : `${line}\n`)
  }
  const host = options.host ?? '127.0.0.1'
  const exposed = !isLoopback(host)
  let adminToken = options.adminToken ?? io.env['PGTESTBED_MOCK_ADMIN_TOKEN']
  if (adminToken === '') adminToken = undefined
  if (exposed) {
    io.stderr.write(
      `pgtestbed mock: warning: listening on ${host} exposes the mock, its admin API and its journal beyond this machine; ` +
        'the admin API requires "Authorization: Bearer <token>". Use --host 127.0.0.1 to keep it local.\n',
    )
    if (adminToken === undefined) {
      adminToken = randomBytes(24).toString('base64url')
      io.stderr.write(
        `pgtestbed mock: admin token (printed once; pass it with --admin-token or PGTESTBED_MOCK_ADMIN_TOKEN to keep it): ${adminToken}\n`,
      )
    }
  }
  if (options.logSecrets === true)
    io.stderr.write(
      'pgtestbed mock: warning: --log-secrets: request credentials (Authorization, cookies, tokens, passwords) are logged and journaled verbatim.\n',
    )
  const mock: MockServer = await startMockServer({
    ...(options.dir === undefined ? {} : { dir: resolve(io.cwd, options.dir) }),
    packs: options.packs ?? [],
    port: options.port ?? 4010,
    host,
    ...(adminToken === undefined ? {} : { adminToken }),
    journalSecrets: options.logSecrets === true ? 'keep' : 'redact',
    ...(options.record === undefined
      ? {}
      : { record: { target: options.record, dir: resolve(io.cwd, options.dir ?? 'mock-recordings') } }),
    onRequest: (e) => print(describeRequest(e), { event: 'request', ...e }),
  })
  const stubs = mock.stubs.list().length
  print(
    `pgtestbed mock: listening on ${mock.url} (${stubs} stub${stubs === 1 ? '' : 's'}; packs: ${options.packs?.join(', ') || 'none'}; scenarios: ${mock.scenarios.known().join(', ')})`,
    {
      event: 'listening',
      url: mock.url,
      stubs,
      packs: options.packs ?? [],
      scenarios: mock.scenarios.known(),
    },
  )
  if (mock.recordingFile !== undefined)
    print(`recording ${options.record} into ${mock.recordingFile}`, {
      event: 'recording',
      target: options.record,
      file: mock.recordingFile,
    })
  print(
    `admin API: ${mock.url}/__admin${adminToken === undefined ? '' : ' (needs the admin token)'} (Ctrl-C to stop)`,
    { event: 'admin', url: `${mock.url}/__admin`, tokenRequired: adminToken !== undefined },
  )
  if (!signal.aborted)
    await new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true }))
  await mock.close()
  print('pgtestbed mock: stopped', { event: 'stopped' })
  return 0
}

function describeRequest(e: JournalEntry): string {
  const by =
    e.answeredBy.kind === 'stub'
      ? `stub ${e.answeredBy.id}`
      : e.answeredBy.kind === 'pack'
        ? `pack ${e.answeredBy.name}`
        : e.answeredBy.kind === 'record'
          ? `recorded from ${e.answeredBy.target}`
          : e.answeredBy.reason
  const query = new URLSearchParams(e.query).toString()
  const faults = e.faults.length === 0 ? '' : ` faults: ${e.faults.join(', ')}`
  return `${e.at.slice(11, 23)} ${e.method} ${e.path}${query === '' ? '' : `?${query}`} [${e.scenario}] → ${e.status ?? 'no response'} (${by})${faults}`
}

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
    return serveMock(
      {
        ...(typeof v['dir'] === 'string' ? { dir: v['dir'] } : {}),
        packs,
        ...(port === undefined ? {} : { port }),
        ...(typeof v['host'] === 'string' ? { host: v['host'] } : {}),
        ...(typeof v['record'] === 'string' ? { record: v['record'] } : {}),
        ...(typeof v['admin-token'] === 'string' ? { adminToken: v['admin-token'] } : {}),
        logSecrets: v['log-secrets'] === true,
        json: v['json'] === true,
      },
      io,
      io.signal ?? new AbortController().signal,
    )
  },
})
