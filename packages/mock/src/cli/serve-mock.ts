/**
 * The run loop of `pgtestbed mock serve`: starts the server, prints its URL and a line per
 * request until `signal` aborts, then closes it. Here, not in pgtestbed's command, so the
 * pgtestbed CLI only parses options and calls this (and a mock-only install carries it).
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { JournalEntry } from '../mock/journal.js'
import { isLoopback, type MockServer, startMockServer } from '../mock/server.js'
import { createLocalTls, type LocalTls } from '../mock/tls/local-ca.js'

/** Where `serveMock` prints, and the environment and folder it reads (pgtestbed's CommandIO fits). */
export interface ServeIO {
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  readonly cwd: string
  readonly env: Readonly<Record<string, string | undefined>>
}

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
  /**
   * Serve https with a local CA and loopback certificate made at start; the CA is written to a file whose
   * `NODE_EXTRA_CA_CERTS=…` line is printed (and removed at stop).
   */
  readonly https?: boolean
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
  io: ServeIO,
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
  const tls = options.https === true ? await writeLocalCa() : undefined
  const mock: MockServer = await startMockServer({
    ...(tls === undefined ? {} : { tls: tls.tls }),
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
  if (tls !== undefined)
    print(
      `https: trust the local CA in the app's process (Node reads it at start-up):\nNODE_EXTRA_CA_CERTS=${tls.caFile}`,
      { event: 'https', caFile: tls.caFile, env: { NODE_EXTRA_CA_CERTS: tls.caFile } },
    )
  print(
    `admin API: ${mock.url}/__admin${adminToken === undefined ? '' : ' (needs the admin token)'} (Ctrl-C to stop)`,
    { event: 'admin', url: `${mock.url}/__admin`, tokenRequired: adminToken !== undefined },
  )
  if (!signal.aborted)
    await new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true }))
  await mock.close()
  if (tls !== undefined) await rm(tls.dir, { recursive: true, force: true })
  print('pgtestbed mock: stopped', { event: 'stopped' })
  return 0
}

/** Makes the local CA + loopback certificate and writes the CA certificate (public) where clients can read it. */
async function writeLocalCa(): Promise<{ tls: LocalTls; dir: string; caFile: string }> {
  const tls = createLocalTls()
  const dir = await mkdtemp(join(tmpdir(), 'pgtestbed-mock-ca-'))
  const caFile = join(dir, 'ca.pem')
  await writeFile(caFile, tls.caCert)
  return { tls, dir, caFile }
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
