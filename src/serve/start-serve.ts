/**
 * `pgtestbed serve` as a library call: binds the HTTP service (loopback by default), starts the
 * project's testbed behind it, and writes the base URLs and the secret to a state file only the
 * user can read (0600), for clients to find. The secret itself is never printed.
 * @module
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { type PgtestbedConfig, resolveConfig } from '../config/index.js'
import { EngineError } from '../errors.js'
import { newSecret } from '../internal/http-auth.js'
import { closeStatementReaders, perfSettings } from '../perf/index.js'
import { createTestbed, type Testbed } from '../pool/index.js'
import { IntegreTemplates } from './integresql-templates.js'
import { ProjectDatabases } from './project-databases.js'
import { handleRequest } from './routes.js'
import { removeStateFile, type ServeState, writeStateFile } from './state-file.js'

export interface StartServeOptions {
  /** The project directory (its `pgtestbed.config.*`); default `process.cwd()`. */
  readonly cwd?: string
  /** Use this configuration instead of the project's file. */
  readonly config?: PgtestbedConfig
  readonly env?: NodeJS.ProcessEnv
  /** Address to bind; default `127.0.0.1`. */
  readonly host?: string
  /** Port; default 0 (a free one, written to the state file). */
  readonly port?: number
  /** Where the URLs and the secret go (mode 0600); default `<project>/.pgtestbed/serve.json`. */
  readonly stateFile?: string
  /** The secret clients must present; default `PGTESTBED_SERVE_TOKEN`, else a new random one. */
  readonly token?: string
  /** Warm clones per IntegreSQL template; default 2. */
  readonly templatePoolSize?: number
  /** Where notes (kept databases) go; default stderr. */
  readonly log?: (line: string) => void
}

/** A running service. */
export interface ServeHandle extends AsyncDisposable {
  /** Base URL (no secret): send `Authorization: Bearer <token>`. */
  readonly url: string
  /** Base URL for IntegreSQL clients, the secret in its path: treat it as a secret. */
  readonly integresqlUrl: string
  readonly token: string
  readonly stateFile: string
  readonly testbed: Testbed
  /** Stops listening, drops the databases it handed out (failed tests' kept ones stay). Safe twice. */
  close(): Promise<void>
}

/**
 * Starts the service and waits until it can hand out databases.
 *
 * @example
 * await using serve = await startServe({ cwd: 'my-project' })
 * const res = await fetch(`${serve.url}/pgtestbed/v1/databases`, {
 *   method: 'POST',
 *   headers: { authorization: `Bearer ${serve.token}` },
 * })
 * const { url } = await res.json() // a fresh database of the project's template
 */
export async function startServe(options: StartServeOptions = {}): Promise<ServeHandle> {
  const env = options.env ?? process.env
  const resolved = await resolveConfig({
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env,
    ...(options.config === undefined ? {} : { config: options.config }),
  })
  const token = options.token ?? (env['PGTESTBED_SERVE_TOKEN'] || newSecret())
  const host = options.host ?? '127.0.0.1'
  let started: { templates: IntegreTemplates; project: ProjectDatabases; bed: Testbed } | undefined
  let markReady: (value: { templates: IntegreTemplates; project: ProjectDatabases }) => void = () => undefined
  let markFailed: (err: unknown) => void = () => undefined
  const ready = new Promise<{ templates: IntegreTemplates; project: ProjectDatabases }>((resolve, reject) => {
    markReady = resolve
    markFailed = reject
  })
  ready.catch(() => undefined)
  const server = createServer({ keepAlive: true }, (req, res) => {
    void handleRequest(
      {
        token,
        ready,
        status: () => ({
          ready: started !== undefined,
          template: started?.bed.template,
          pool: started?.bed.stats(),
          leased: started?.project.leased,
          integresqlTemplates: started?.templates.count,
        }),
      },
      req,
      res,
    )
  })
  // Ask for the port before starting Postgres: a port in use fails fast, with nothing started.
  await listen(server, host, options.port ?? 0)
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${shownHost}:${address.port}`
  const stateFile = options.stateFile ?? join(resolved.rootDir, '.pgtestbed', 'serve.json')
  let bed: Testbed | undefined
  let templates: IntegreTemplates | undefined
  try {
    bed = await createTestbed(options.config, {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env,
      preconnect: false,
      ...(options.log === undefined ? {} : { log: options.log }),
    })
    templates = await IntegreTemplates.open({
      adminUrl: bed.engine.url,
      prefix: bed.config.prefix,
      runId: bed.config.runId,
      strategy: bed.engine.serverVersionNum >= 150000 ? bed.config.cloneStrategy : 'default',
      poolSize: options.templatePoolSize ?? 2,
      maxDatabases: bed.config.pool.maxDatabases,
      waitMs: 60_000,
    })
    // Records of this service's tests go under its own run id, gathered when it closes.
    const perf = perfSettings(
      { ...env, PGTESTBED_RUN_ID: bed.config.runId },
      resolved.rootDir,
      bed.config.perf,
    )
    const project = new ProjectDatabases(bed, perf)
    started = { templates, project, bed }
    const state: ServeState = {
      url,
      integresqlUrl: `${url}/t/${token}/`,
      token,
      pid: process.pid,
      template: bed.template,
    }
    await writeStateFile(stateFile, state)
    markReady({ templates, project })
  } catch (err) {
    markFailed(err)
    await closeServer(server)
    await templates?.close()
    await bed?.close()
    throw err
  }
  const testbed = bed
  const integre = templates
  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await closeServer(server)
      const summary = started?.project.finishPerf()
      if (summary !== undefined) process.stderr.write(`pgtestbed perf: ${summary}\n`)
      await closeStatementReaders()
      await integre.close()
      await testbed.close()
      await removeStateFile(stateFile, token)
    })()
    return closing
  }
  return {
    url,
    integresqlUrl: `${url}/t/${token}/`,
    token,
    stateFile,
    testbed,
    close,
    [Symbol.asyncDispose]: close,
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      if (err.code === 'EADDRINUSE')
        reject(
          new EngineError(
            'PGT_PORT_IN_USE',
            `Failed to start pgtestbed serve: port ${port} on ${host} is in use. ` +
              'Stop what listens there, or pick another port with --port (0 picks a free one).',
            { cause: err },
          ),
        )
      else reject(err)
    }
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}
