/**
 * `pgtestbed netfault`: runs a TCP fault proxy in front of PostgreSQL until SIGINT/SIGTERM,
 * printing its URL first so a script (or a person) can point an app at it.
 * @module
 */
import { failure } from '../../errors.js'
import {
  type DirectionOption,
  FAULT_LIMITS,
  type FaultProxy,
  fault,
  type ProxyStats,
  startFaultProxy,
} from '../../netfault/index.js'
import { type CommandArgs, type CommandIO, defineCommand, usageError } from '../command.js'

/** What `netfault` was asked to do, checked. */
export interface NetfaultSettings {
  readonly target: string
  readonly listen: number
  readonly latency: number | undefined
  readonly jitter: number | undefined
  readonly bandwidth: number | undefined
  readonly direction: DirectionOption
  readonly seed: number
}

/** What `netfault` reports when it stops. */
export interface NetfaultResult {
  readonly url: string
  readonly target: string
  readonly faults: readonly string[]
  readonly stats: ProxyStats
}

const DIRECTIONS: Readonly<Record<string, DirectionOption>> = {
  up: 'upstream',
  down: 'downstream',
  both: 'both',
  upstream: 'upstream',
  downstream: 'downstream',
}

/**
 * Checks the command-line values; every error names the option and its allowed values.
 *
 * @example
 * parseNetfaultArgs({ target: 'postgresql://127.0.0.1:5432/app', latency: '50' })
 */
export function parseNetfaultArgs(values: CommandArgs['values']): NetfaultSettings {
  const target = values['target']
  if (typeof target !== 'string' || target.trim() === '') {
    throw usageError(
      failure(
        'start the fault proxy',
        '--target is required',
        'Pass the server to forward to, e.g. --target postgresql://postgres@127.0.0.1:5432/postgres',
      ),
    )
  }
  const directionText = values['direction'] ?? 'down'
  const direction = typeof directionText === 'string' ? DIRECTIONS[directionText] : undefined
  if (direction === undefined) {
    throw usageError(
      failure(
        'start the fault proxy',
        `--direction must be up, down or both, got ${JSON.stringify(directionText)}`,
        'up is client → server, down is server → client (the default)',
      ),
    )
  }
  const latency = numberOption(values, 'latency', { ...FAULT_LIMITS.ms, integer: false }, '--latency 50')
  const jitter = numberOption(values, 'jitter', { ...FAULT_LIMITS.ms, integer: false }, '--jitter 10')
  const bandwidth = numberOption(
    values,
    'bandwidth',
    { ...FAULT_LIMITS.bytesPerSecond, integer: true },
    '--bandwidth 100000',
  )
  const listen = numberOption(values, 'listen', { min: 0, max: 65535, integer: true }, '--listen 6543') ?? 0
  const seed = numberOption(values, 'seed', { min: 0, max: 4_294_967_295, integer: true }, '--seed 42') ?? 1
  return Object.freeze({ target, listen, latency, jitter, bandwidth, direction, seed })
}

function numberOption(
  values: CommandArgs['values'],
  name: string,
  range: { min: number; max: number; integer: boolean },
  example: string,
): number | undefined {
  const raw = values[name]
  if (raw === undefined) return undefined
  const text = typeof raw === 'string' ? raw.trim() : ''
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN
  const ok = value >= range.min && value <= range.max && (!range.integer || Number.isInteger(value))
  if (ok) return value
  throw usageError(
    failure(
      'start the fault proxy',
      `--${name} must be ${range.integer ? 'an integer' : 'a number'} from ${range.min} to ${range.max}, got ${JSON.stringify(raw)}`,
      `Pass e.g. ${example}`,
    ),
  )
}

/** Adds the faults the settings ask for; returns their names for the report. */
function applyFaults(proxy: FaultProxy, settings: NetfaultSettings): string[] {
  const added: string[] = []
  const options = { direction: settings.direction }
  if (settings.latency !== undefined || settings.jitter !== undefined) {
    const f = fault.latency({ ms: settings.latency ?? 0, jitter: settings.jitter ?? 0 })
    added.push(`latency ${f.ms} ms ± ${f.jitter} ms (${settings.direction})`)
    proxy.add(f, options)
  }
  if (settings.bandwidth !== undefined) {
    proxy.add(fault.bandwidth({ bytesPerSecond: settings.bandwidth }), options)
    added.push(`bandwidth ${settings.bandwidth} B/s (${settings.direction})`)
  }
  return added
}

/**
 * Starts the proxy, prints its URL on stdout, logs connections and target errors on stderr, and
 * stops when `until` resolves.
 *
 * @example
 * await serveNetfault(parseNetfaultArgs({ target: url }), io, 'human', stopSignal())
 */
export async function serveNetfault(
  settings: NetfaultSettings,
  io: CommandIO,
  output: 'human' | 'json',
  until: Promise<unknown>,
): Promise<NetfaultResult> {
  const log = (line: string): void => void io.stderr.write(`pgtestbed netfault: ${line}\n`)
  const proxy = await startFaultProxy({
    target: settings.target,
    listen: settings.listen,
    seed: settings.seed,
    onEvent(event) {
      if (event.kind === 'target-unreachable') log(event.error.message)
      else if (event.kind === 'connection-opened') log(`connection ${event.connectionId} opened`)
      else {
        const c = event.connection
        log(`connection ${c.id} closed (${c.bytesUpstream} B up, ${c.bytesDownstream} B down)`)
      }
    },
  })
  try {
    const faults = applyFaults(proxy, settings)
    if (output === 'json')
      io.stdout.write(
        `${JSON.stringify({ event: 'listening', url: proxy.url, target: proxy.target, faults })}\n`,
      )
    else io.stdout.write(`${proxy.url}\n`)
    log(
      `forwarding ${proxy.host}:${proxy.port} → ${proxy.target}; ${faults.length === 0 ? 'no faults' : faults.join(', ')}. Stop with Ctrl-C.`,
    )
    await until
    return Object.freeze({ url: proxy.url, target: proxy.target, faults, stats: proxy.stats })
  } finally {
    await proxy.close()
  }
}

/** Resolves when `signal` aborts (the runner aborts it on SIGINT/SIGTERM). */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
}

export const netfaultCommand = defineCommand({
  name: ['netfault'],
  summary: 'Run a TCP fault proxy in front of PostgreSQL (latency, jitter, bandwidth) until Ctrl-C',
  options: {
    target: { type: 'string', value: 'URL', description: 'The PostgreSQL server to forward to (required)' },
    listen: { type: 'string', value: 'PORT', default: '0, a free port', description: 'Port to listen on' },
    latency: { type: 'string', value: 'MS', description: 'Delay added to every chunk' },
    jitter: { type: 'string', value: 'MS', description: 'Random extra delay, up to MS' },
    bandwidth: { type: 'string', value: 'BPS', description: 'Limit throughput to BPS bytes per second' },
    direction: {
      type: 'string',
      value: 'up|down|both',
      default: 'down',
      description: 'Which way the faults apply (up: client → server)',
    },
    seed: { type: 'string', value: 'N', default: '1', description: 'Seed of the jitter' },
  },
  longRunning: true,
  async run(args, io) {
    const settings = parseNetfaultArgs(args.values)
    const result = await serveNetfault(
      settings,
      io,
      args.values['json'] === true ? 'json' : 'human',
      aborted(io.signal),
    )
    const s = result.stats
    return {
      data: { event: 'stopped', ...result },
      human: `stopped: ${s.accepted} connection(s), ${s.bytesUpstream} B up, ${s.bytesDownstream} B down`,
    }
  },
})
