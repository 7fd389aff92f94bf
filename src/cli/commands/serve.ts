/**
 * `pgtestbed serve`: per-test databases over HTTP for any language (IntegreSQL's API and a short
 * pgtestbed route) until SIGINT/SIGTERM. Prints where it listens and where the secret is, never
 * the secret.
 * @module
 */
import { resolve } from 'node:path'
import { isLoopbackHost } from '../../internal/http-auth.js'
import { startServe } from '../../serve/index.js'
import { type CommandIO, defineCommand, stringOption, usageError } from '../command.js'
import { progressOf } from '../progress.js'

export const serveCommand = defineCommand({
  name: ['serve'],
  summary: 'Hand out per-test databases over HTTP (IntegreSQL API, any language) until Ctrl-C',
  options: {
    port: { type: 'string', value: 'N', default: '0', description: 'Port to listen on (0 picks a free one)' },
    host: { type: 'string', value: 'H', default: '127.0.0.1', description: 'Address to listen on' },
    'state-file': {
      type: 'string',
      value: 'FILE',
      default: '.pgtestbed/serve.json',
      description: 'Where the URLs and the secret are written (mode 0600)',
    },
  },
  longRunning: true,
  async run(args, io) {
    const rawPort = stringOption(args, 'port') ?? '0'
    const port = Number(rawPort)
    if (!/^\d+$/.test(rawPort) || port > 65535)
      throw usageError(`--port must be a port number from 0 to 65535 (0 picks a free one), got "${rawPort}"`)
    const host = stringOption(args, 'host') ?? '127.0.0.1'
    const stateFile = stringOption(args, 'state-file')
    return serve(io, {
      port,
      host,
      json: args.values['json'] === true,
      ...(stateFile === undefined ? {} : { stateFile: resolve(io.cwd, stateFile) }),
    })
  },
})

async function serve(
  io: CommandIO,
  options: {
    readonly port: number
    readonly host: string
    readonly json: boolean
    readonly stateFile?: string
  },
): Promise<number> {
  const json = options.json
  const print = (line: string, data: Record<string, unknown>): void => {
    io.stdout.write(json ? `${JSON.stringify(data)}\n` : `${line}\n`)
  }
  if (!isLoopbackHost(options.host))
    io.stderr.write(
      `pgtestbed serve: warning: listening on ${options.host} makes the service reachable beyond this machine (every route still needs the secret).\n`,
    )
  progressOf(io).phase('starting PostgreSQL and the template')
  const handle = await startServe({
    cwd: io.cwd,
    env: io.env,
    host: options.host,
    port: options.port,
    ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }),
    log: (line) => io.stderr.write(`${line}\n`),
  })
  print(
    `pgtestbed serve: listening on ${handle.url} (template ${handle.testbed.template}); ` +
      `the secret and the IntegreSQL base URL are in ${handle.stateFile} (Ctrl-C to stop)`,
    { event: 'listening', url: handle.url, stateFile: handle.stateFile, template: handle.testbed.template },
  )
  const signal = io.signal ?? new AbortController().signal
  if (!signal.aborted)
    await new Promise<void>((done) => signal.addEventListener('abort', () => done(), { once: true }))
  await handle.close()
  print('pgtestbed serve: stopped', { event: 'stopped' })
  return 0
}
