/**
 * Splits test files into N shards of about equal run time: longest first, each onto the shard
 * with the least time so far (LPT, within 4/3 of the optimum and usually within a few percent).
 * Files with no recorded time are estimated from their size at the suite's seconds per byte.
 * @module
 */
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { ConfigError, failure } from '../errors.js'
import type { Durations } from './durations.js'

/** One shard: its files (in name order) and their estimated seconds. */
export interface Shard {
  readonly index: number
  readonly files: readonly string[]
  readonly seconds: number
}

/** Where each file's weight came from. */
export type WeightSource = 'durations' | 'size'

/**
 * All `total` shards of `files` (1-based `index`), balanced by `durations`.
 *
 * @example
 * const shards = planShards(['a.test.ts', 'b.test.ts'], 2, readDurations(['junit.xml'], dir), dir)
 */
export function planShards(
  files: readonly string[],
  total: number,
  durations: Durations,
  rootDir: string,
): { shards: Shard[]; source: Record<string, WeightSource> } {
  if (!Number.isInteger(total) || total < 1)
    throw new ConfigError('PGT_USAGE', `--total must be a whole number ≥ 1, got ${total}. Example: --total 4`)
  if (total > files.length) {
    throw new ConfigError(
      'PGT_USAGE',
      failure(
        `split ${files.length} test file(s) into ${total} shards`,
        'there are more shards than files, so some would run nothing',
        `Use --total ${Math.max(1, files.length)} or fewer (and as many CI jobs).`,
      ),
    )
  }
  const weights = estimate(files, durations, rootDir)
  const order = [...files].sort(
    (a, b) => (weights.get(b)?.seconds ?? 0) - (weights.get(a)?.seconds ?? 0) || a.localeCompare(b),
  )
  const bins = Array.from({ length: total }, (_, i) => ({ index: i + 1, files: [] as string[], seconds: 0 }))
  for (const file of order) {
    const lightest = bins.reduce((min, bin) => (bin.seconds < min.seconds ? bin : min))
    lightest.files.push(file)
    lightest.seconds += weights.get(file)?.seconds ?? 0
  }
  const source = Object.fromEntries([...weights].map(([file, w]) => [file, w.source]))
  return { shards: bins.map((b) => ({ ...b, files: b.files.sort() })), source }
}

function estimate(
  files: readonly string[],
  durations: Durations,
  rootDir: string,
): Map<string, { seconds: number; source: WeightSource }> {
  const size = (file: string): number => Math.max(1, statSync(resolve(rootDir, file)).size)
  let knownSeconds = 0
  let knownBytes = 0
  for (const file of files) {
    const seconds = durations.get(file)
    if (seconds === undefined) continue
    knownSeconds += seconds
    knownBytes += size(file)
  }
  // Seconds per byte of the files we have times for; with none, a size is its own unit.
  const perByte = knownBytes > 0 && knownSeconds > 0 ? knownSeconds / knownBytes : 1e-4
  return new Map(
    files.map((file) => {
      const seconds = durations.get(file)
      return [
        file,
        seconds === undefined
          ? { seconds: size(file) * perByte, source: 'size' }
          : { seconds, source: 'durations' },
      ]
    }),
  )
}
