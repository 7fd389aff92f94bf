/**
 * `startMockServer()`: a real HTTP server (node:http) answering from stub files, code stubs and
 * provider packs, with scenarios, faults, a journal, record/replay and an admin API.
 * @module
 */
import { timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { resolve } from 'node:path'
import { failure } from '../errors.js'
import { type AdminTarget, handleAdmin } from './admin.js'
import { createClock, type MockClock } from './clock.js'
import { compileFaults } from './compile-fault.js'
import { compileStub } from './compile-stub.js'
import type { CompiledFault, Stub } from './compiled-stub.js'
import { handleRequest } from './handle-request.js'
import { json, readBody } from './http-plumbing.js'
import { createJournal, type Journal, type JournalEntry } from './journal.js'
import { duplicateIdProblems, loadStubDir } from './load-stub-files.js'
import { createMockApi, type MockScenariosApi, type MockStubsApi } from './mock-api.js'
import type { MockCore } from './mock-core.js'
import { type LocatedProblem, MockError, StubValidationError } from './mock-errors.js'
import type { MockPack } from './pack.js'
import { type RecordOptions, startRecorder } from './record.js'
import { resolvePacks } from './resolve-packs.js'
import { Router } from './router.js'
import { ScenarioStore } from './scenarios.js'
import { sendResponse } from './send-response.js'
import type { ScenarioDefinition, StubDefinition } from './stub-model.js'
import { collectProblems, formatPath } from './validation.js'

/** Options of `startMockServer`. */
export interface MockServerOptions {
  /** A folder of stub files (`*.json`, `*.yaml`), with pack data under `packs/<pack>/<scenario>.*`. */
  readonly dir?: string
  /** Stubs in code (added after the files; later wins ties). */
  readonly stubs?: readonly StubDefinition[]
  /** Provider packs by name (`google-calendar`, `microsoft-graph`, `oauth2`) or as objects. */
  readonly packs?: readonly (string | MockPack)[]
  /** Scenario-level configuration by name (declares the scenarios). */
  readonly scenarios?: Readonly<Record<string, ScenarioDefinition>>
  /** Pack data in code: pack name → scenario name → data (merged over files). */
  readonly packData?: Readonly<Record<string, Readonly<Record<string, unknown>>>>
  /** Port to listen on (default 0: a free one). */
  readonly port?: number
  /**
   * Address to listen on (default 127.0.0.1). Anything beyond loopback (`0.0.0.0`, a LAN
   * address) needs `adminToken`: the admin API can rewrite stubs and read the journal.
   */
  readonly host?: string
  /**
   * Serve https with this certificate and key (PEM); `url` then starts with `https://`. `mock serve --https`
   * makes a local CA and a loopback certificate for it (`createLocalTls`).
   */
  readonly tls?: { readonly cert: string; readonly key: string }
  /** When set, `/__admin` routes need `Authorization: Bearer <adminToken>` (else 401). */
  readonly adminToken?: string
  /**
   * `redact` (default): the journal (and so the admin journal route and logs) keeps no secrets —
   * credential headers, secret query parameters and body fields read `[REDACTED]`. `keep`: verbatim.
   */
  readonly journalSecrets?: 'redact' | 'keep'
  /** Journal entries kept per scenario id (default 1000). */
  readonly journalLimit?: number
  /** Journal entries kept in all, across scenario ids (default 10,000; the oldest go first). */
  readonly journalTotalLimit?: number
  /** Forward every request to this base URL and record the exchanges as stubs. */
  readonly record?: string | RecordOptions
  /** The clock source (default: system time); the handle's `clock` can move it. */
  readonly now?: () => Date
  /** Called after each request (the CLI logs with it). */
  readonly onRequest?: (entry: JournalEntry) => void
}

/** A running mock server. */
export interface MockServer {
  /** `http://127.0.0.1:<port>` (`https://…` with `tls`; no trailing slash). */
  readonly url: string
  readonly port: number
  readonly journal: Journal
  readonly stubs: MockStubsApi
  readonly scenarios: MockScenariosApi
  readonly clock: MockClock
  /** The record file when recording. */
  readonly recordingFile: string | undefined
  /** Resets stubs, scenario state, run-time faults, bindings, journal and clock. */
  reset(): void
  /** Stops the server, cutting open connections; safe to call twice. */
  close(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * Starts a mock HTTP server.
 *
 * @example
 * await using mock = await startMockServer({ dir: 'fixtures/mock-scenarios', packs: ['oauth2'] })
 * await fetch(`${mock.url}/users/7`, { headers: { 'x-mock-scenario': 'happy' } })
 * verifyReceived(mock, { method: 'GET', path: '/users/:id', times: 1 })
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  let order = 0
  const nextOrder = (): number => order++
  const scenarioStore = new ScenarioStore()
  const problems: LocatedProblem[] = []
  const stubs: Stub[] = []
  const definedFaults = new Map<string, CompiledFault[]>()
  const packData = new Map<string, Map<string, unknown>>()
  if (options.dir !== undefined) {
    const loaded = loadStubDir(resolve(options.dir), 0)
    order = loaded.stubs.length
    problems.push(...loaded.problems)
    stubs.push(...loaded.stubs)
    for (const s of loaded.scenarios) scenarioStore.declare(s)
    for (const [name, faults] of loaded.scenarioFaults) definedFaults.set(name, [...faults])
    for (const [pack, byScenario] of loaded.packData) packData.set(pack, new Map(byScenario))
  }
  problems.push(...compileCodeStubs(options.stubs ?? [], nextOrder, stubs, scenarioStore))
  for (const [name, def] of Object.entries(options.scenarios ?? {})) {
    scenarioStore.declare(name)
    const local = collectProblems()
    const faults = compileFaults(def.faults, `scenario:${name}:options`, ['scenarios', name, 'faults'], local)
    problems.push(...local.list.map((p) => codeProblem(formatPath(p.path), p.message)))
    definedFaults.set(name, [...(definedFaults.get(name) ?? []), ...faults])
  }
  for (const [pack, byScenario] of Object.entries(options.packData ?? {})) {
    const map = packData.get(pack) ?? new Map<string, unknown>()
    for (const [scenario, data] of Object.entries(byScenario)) {
      map.set(scenario, data)
      scenarioStore.declare(scenario)
    }
    packData.set(pack, map)
  }
  problems.push(...duplicateIdProblems(stubs))
  if (problems.length > 0)
    throw new StubValidationError(
      `load mock stubs${options.dir === undefined ? '' : ` from ${options.dir}`}`,
      problems,
    )

  const host = options.host ?? '127.0.0.1'
  if (!isLoopback(host) && (options.adminToken ?? '') === '') {
    throw new MockError(
      'PGT_MOCK_ADMIN_TOKEN',
      failure(
        `start the mock server on ${host}`,
        'that address reaches beyond this machine, and the admin API (stubs, journal) would be open to anyone who can reach it',
        'Pass adminToken (mock serve: --admin-token or PGTESTBED_MOCK_ADMIN_TOKEN, or let it generate one), or listen on 127.0.0.1.',
      ),
    )
  }
  const packs = await resolvePacks(options.packs ?? [])
  const recorder =
    options.record === undefined ? undefined : await startRecorder(recordOptions(options.record, options.dir))
  const closing = new AbortController()
  const router = new Router()
  router.replace(stubs)
  const clock = createClock(options.now)
  const core: MockCore = {
    router,
    scenarios: scenarioStore,
    journal: createJournal(options.journalLimit ?? 1000, options.journalTotalLimit ?? 10_000),
    clock,
    packs,
    packData,
    definedFaults,
    runtimeFaults: new Map(),
    recorder,
    onRequest: options.onRequest,
    journalSecrets: options.journalSecrets ?? 'redact',
    closing: closing.signal,
    baseUrl: '',
  }
  const api = createMockApi(core, stubs, nextOrder)
  const target: AdminTarget = {
    ...api,
    journal: core.journal,
    clock,
    reset() {
      api.stubs.reset()
      scenarioStore.reset()
      scenarioStore.unbind()
      core.runtimeFaults.clear()
      core.journal.clear()
      clock.reset()
    },
  }
  const adminToken = options.adminToken === '' ? undefined : options.adminToken
  const handler = (req: IncomingMessage, res: ServerResponse): void =>
    void dispatch(core, target, adminToken, req, res)
  const server: Server =
    options.tls === undefined
      ? createServer({ keepAliveTimeout: 5000 }, handler)
      : createHttpsServer({ keepAliveTimeout: 5000, cert: options.tls.cert, key: options.tls.key }, handler)
  const port = await listen(server, options.port ?? 0, host)
  const scheme = options.tls === undefined ? 'http' : 'https'
  const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`
  core.baseUrl = url
  let closed: Promise<void> | undefined
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((done) => {
      closing.abort()
      server.close(() => done())
      server.closeAllConnections()
    })
    return closed
  }
  return {
    url,
    port,
    journal: core.journal,
    stubs: api.stubs,
    scenarios: api.scenarios,
    clock,
    recordingFile: recorder?.file,
    reset: target.reset,
    close,
    [Symbol.asyncDispose]: close,
  }
}

async function dispatch(
  core: MockCore,
  admin: AdminTarget,
  adminToken: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = req.url ?? '/'
  try {
    if (url.startsWith('/__admin') && (url.length === 8 || url[8] === '/' || url[8] === '?')) {
      if (adminToken !== undefined && !bearerMatches(req.headers.authorization, adminToken)) {
        req.resume()
        const denied = json(
          401,
          { error: 'the admin API needs the admin token: send "Authorization: Bearer <token>"' },
          { 'www-authenticate': 'Bearer realm="pgtestbed-mock-admin"' },
        )
        await sendResponse(res, denied, undefined)
        return
      }
      const q = url.indexOf('?')
      const rawBody = await readBody(req)
      const planned = handleAdmin(
        admin,
        req.method ?? 'GET',
        (q === -1 ? url : url.slice(0, q)).slice(8),
        new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
        rawBody,
      )
      await sendResponse(res, planned, undefined)
      return
    }
    await handleRequest(core, req, res, url)
  } catch (err) {
    try {
      if (!res.headersSent && !res.destroyed) {
        sendResponse(res, json(500, { error: `mock server error: ${(err as Error).message}` }), undefined)
      } else res.destroy()
    } catch {
      // The client is gone; nothing left to tell it.
    }
  }
}

/**
 * Whether `host` is a loopback address (the default): nothing beyond this machine reaches it.
 *
 * @example
 * isLoopback('127.0.0.1') // true
 * isLoopback('0.0.0.0')   // false: needs an adminToken
 */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h)
}

/** Constant-time check of an `Authorization: Bearer …` header against the token. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '')
  const wanted = Buffer.from(token)
  return given.length === wanted.length && timingSafeEqual(given, wanted)
}

function compileCodeStubs(
  defs: readonly StubDefinition[],
  nextOrder: () => number,
  into: Stub[],
  scenarios: ScenarioStore,
): LocatedProblem[] {
  const local = collectProblems()
  defs.forEach((def, i) => {
    const n = nextOrder()
    const stub = compileStub(
      def,
      { fallbackId: `stub-${n}`, order: n, source: {}, baseDir: process.cwd() },
      ['stubs', i],
      local,
    )
    if (stub === undefined) return
    into.push(stub)
    for (const s of stub.scenarios ?? []) scenarios.declare(s)
  })
  return local.list.map((p) => codeProblem(formatPath(p.path), p.message))
}

function codeProblem(field: string, message: string): LocatedProblem {
  return { file: undefined, line: undefined, column: undefined, field, message }
}

function recordOptions(
  record: string | RecordOptions,
  dir: string | undefined,
): RecordOptions & { dir: string } {
  const options = typeof record === 'string' ? { target: record } : record
  return { ...options, dir: resolve(options.dir ?? dir ?? 'mock-recordings') }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolveListen, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.close()
      if (err.code === 'EADDRINUSE') {
        reject(
          new MockError(
            'PGT_PORT_IN_USE',
            failure(
              `start the mock server on ${host}:${port}`,
              'the port is already in use',
              'Stop whatever listens there, pick another port (--port N), or use 0 for a free one.',
            ),
            { cause: err },
          ),
        )
      } else {
        reject(
          new MockError(
            'PGT_PORT_IN_USE',
            failure(
              `start the mock server on ${host}:${port}`,
              err.code ?? err.message,
              'Check the host and port.',
            ),
            { cause: err },
          ),
        )
      }
    }
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      const address = server.address()
      resolveListen(typeof address === 'object' && address !== null ? address.port : port)
    })
  })
}
