/**
 * "The tests outran the warm pool": when many hand-outs waited for a clone, the suite spends that
 * wait on isolation, and the user should hear it once per run, not once per test file. Each
 * process of a run sends its pool's sample over the server (NOTIFY on a channel named after the
 * run) when it closes; the process that prepared the run listens, adds its own, and prints one line.
 * @module
 */
import type pg from 'pg'
import { digest } from '../internal/hash.js'
import { median } from '../internal/median.js'
import type { Queryable } from '../internal/queryable.js'

/** One pool's hand-outs: how many, and the milliseconds those that waited and its clones took. */
export interface WaitSample {
  /** The pool's target of ready clones (0: a process that only prepares; it warms nothing). */
  readonly size: number
  readonly acquired: number
  readonly waits: readonly number[]
  readonly clones: readonly number[]
  /** Given-back databases reset for reuse (`pool.recycle`); absent from an older process: 0. */
  readonly recycled?: number
}

/** The run outran its pools when at least this many hand-outs, and this share of them, waited. */
const MIN_WAITS = 3
const MIN_SHARE = 0.25
/**
 * Waits for resets (`pool.recycle`) are worth a line only from this median up: a reset of small
 * tables takes a few milliseconds, no more than the TRUNCATE + reseed it replaces.
 */
const MIN_RESET_WAIT_MS = 20

/** The line to print for a run's samples, or undefined when the pools kept up. */
export function outranLine(samples: readonly WaitSample[]): string | undefined {
  // A pool of size 0 warms nothing by choice: its hand-outs always wait.
  const warm = samples.filter((s) => s.size > 0)
  const acquired = warm.reduce((n, s) => n + s.acquired, 0)
  const waits = warm.flatMap((s) => s.waits)
  if (waits.length < MIN_WAITS || waits.length < acquired * MIN_SHARE) return undefined
  const clones = warm.flatMap((s) => s.clones)
  const clone = clones.length > 0 ? `; a clone took ${Math.round(median(clones))} ms` : ''
  const sizes = [...new Set(warm.map((s) => s.size))].join('/')
  const recycled = warm.reduce((n, s) => n + (s.recycled ?? 0), 0)
  // Mostly reset databases: the tests waited for resets, which neither pool.size nor a smaller
  // template shortens much.
  if (recycled * 2 >= acquired) {
    if (median(waits) < MIN_RESET_WAIT_MS) return undefined
    return (
      `pgtestbed: ${waits.length} of ${acquired} tests waited for a database (median ${Math.round(median(waits))} ms): ` +
      `${recycled} given-back databases were reset for reuse (pool.recycle), and the next test came before its reset ended. ` +
      'A reset reloads the tables a test wrote; see docs/benchmarks.md, "Suite speed".'
    )
  }
  return (
    `pgtestbed: ${waits.length} of ${acquired} tests waited for a fresh database (median ${Math.round(median(waits))} ms${clone}): ` +
    `the tests outran the warm pool (pool.size ${sizes}). A larger pool.size helps when tests take longer than a clone; ` +
    'when cloning itself is the limit, a smaller template clones faster (see docs/benchmarks.md, "Suite speed").'
  )
}

/** The channel a run's samples travel on (an identifier; the run id may hold any character). */
function channel(runId: string): string {
  return `pgtestbed_waits_${digest([runId], 16)}`
}

/** Sends this process's sample to the run's listener; best effort (the report is advice). */
export async function sendWaitSample(client: Queryable, runId: string, sample: WaitSample): Promise<void> {
  if (sample.acquired === 0) return
  await client
    .query('SELECT pg_notify($1, $2)', [channel(runId), JSON.stringify(sample)])
    .catch(() => undefined)
}

/** A sample sent as JSON (older processes' samples lack `clones` and `recycled`), or undefined. */
export function parseWaitSample(text: string): WaitSample | undefined {
  try {
    const sample = JSON.parse(text) as WaitSample
    const numbers = (xs: unknown) => Array.isArray(xs) && xs.every((x) => typeof x === 'number')
    if (typeof sample.size !== 'number' || typeof sample.acquired !== 'number' || !numbers(sample.waits))
      return undefined
    return {
      ...sample,
      clones: numbers(sample.clones) ? sample.clones : [],
      recycled: typeof sample.recycled === 'number' ? sample.recycled : 0,
    }
  } catch {
    return undefined
  }
}

/**
 * Listens on `client` for the samples of the run's other processes. `samples()` first makes one
 * round trip, so that every notification sent before it has been received.
 */
export async function listenForWaitSamples(
  client: pg.Client,
  runId: string,
): Promise<{ samples(): Promise<WaitSample[]> }> {
  const name = channel(runId)
  const got: WaitSample[] = []
  client.on('notification', (n) => {
    if (n.channel !== name || n.payload === undefined) return
    const sample = parseWaitSample(n.payload)
    if (sample !== undefined) got.push(sample)
  })
  await client.query(`LISTEN ${name}`)
  return {
    async samples() {
      await client.query('SELECT 1').catch(() => undefined)
      return got
    },
  }
}
