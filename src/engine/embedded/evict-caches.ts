/**
 * Evicts the data root's caches of binaries no longer used: each PostgreSQL version (or binary
 * folder, or server user) gets its own initdb copy (~23 MB) and warm data directory (its
 * templates, up to hundreds of MB), and an upgrade would otherwise leave the old ones forever.
 * A key's `initdb-<key>` entry is touched at every start; a key untouched for 30 days loses its
 * initdb and warm entries. The current key's own entries are never evicted here (its warm
 * entries are pruned by warm-data-cache.ts).
 * @module
 */
import { readdirSync, statSync } from 'node:fs'
import { rm, utimes } from 'node:fs/promises'
import { join } from 'node:path'

/** A key unused for this long is evicted. */
export const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000

/** Records that `key`'s cache was used now (its initdb entry's modification time). */
export async function markCacheUsed(root: string, key: string, now = new Date()): Promise<void> {
  await utimes(join(root, `initdb-${key}`), now, now).catch(() => undefined)
}

/** Removes the entries of every other key last used over 30 days before `now`; returns their names. */
export async function evictStaleCaches(root: string, key: string, now = Date.now()): Promise<string[]> {
  let names: string[]
  try {
    names = readdirSync(root)
  } catch {
    return []
  }
  const stale = new Set<string>()
  for (const name of names) {
    const entryKey = keyOf(name)
    if (entryKey === undefined || entryKey === key) continue
    const used = lastUsed(root, names, entryKey)
    if (now - used > STALE_AFTER_MS) stale.add(name)
  }
  for (const name of stale) await rm(join(root, name), { recursive: true, force: true })
  return [...stale].sort()
}

/**
 * `initdb-<key>`, its first-start mark and `warm-<key>-<time>-<pid>` are cache entries; anything
 * else is not ours to judge.
 */
function keyOf(name: string): string | undefined {
  return /^(?:initdb|warm)-([0-9a-f]+)(?:-\d+-\d+|\.first-start)?$/.exec(name)?.[1]
}

/** When a key was last used: its initdb entry's time, else its newest warm entry's. */
function lastUsed(root: string, names: string[], key: string): number {
  const times = names
    .filter((n) => n === `initdb-${key}` || n.startsWith(`warm-${key}-`))
    .map((n) => mtimeOf(join(root, n)))
  return Math.max(0, ...times)
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs
  } catch {
    return 0
  }
}
