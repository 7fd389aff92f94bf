/**
 * Templates that survive runs: when a run that built a template stops its embedded cluster, the
 * cluster's data directory (holding only templates by then) is kept under the data root, and
 * the next cluster for the same binaries starts on it, so it finds its template built. Without
 * this every run without `pgtestbed up` rebuilds it (0.4 s at 50 tables, 4 s at 100 MB).
 *
 * Entries are `warm-<key>-<time>-<pid>` directories, made by renaming a stopped cluster's data
 * directory (atomic, same filesystem); a new one is only listed once complete. The newest wins.
 * A run takes an entry by renaming it into its cluster (no copy of 100+ MB before the server
 * starts; exactly one of several runs gets it) and puts it back at its end (taken-entry.ts); a
 * run that finds none left starts from a bare cluster. `pgtestbed up` copies instead (its
 * cluster outlives the process that could put it back), so older entries are removed only once
 * no such copy can still be reading them.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs'
import { rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeBootstrapPassword } from './initdb-cache.js'
import type { ServerUser } from './server-user.js'

/** Marks an entry complete (written last). */
const COMPLETE = 'pgtestbed-warm-complete'
/** An older entry may still be copied by an `up` start for this long; removed after. */
const COPY_GRACE_MS = 60_000

/** The newest complete warm data directory for `key`, if any. */
export function newestWarmDataDir(root: string, key: string): string | undefined {
  return warmEntries(root, key)[0]
}

/**
 * Takes the newest entry for `key` that no other run took first, by renaming it to `dataDir`;
 * returns whether one was taken.
 */
export async function takeWarmDataDir(root: string, key: string, dataDir: string): Promise<boolean> {
  for (const entry of warmEntries(root, key)) {
    try {
      await rename(entry, dataDir)
    } catch {
      continue // another run took it between the listing and now
    }
    // Written again, last, when it is put back.
    await rm(join(dataDir, COMPLETE), { force: true })
    return true
  }
  return false
}

/**
 * Keeps the stopped cluster's data directory `dataDir` as the newest entry for `key`; it will
 * start with `password` (the stopped cluster's own, as the copy's bootstrap password). When
 * another run put one back meanwhile (two runs overlapped, one took the entry, the other started
 * bare), this one is newer and wins: it holds what the last run to finish left, the older one is
 * pruned like any superseded entry.
 */
export async function saveWarmDataDir(
  root: string,
  key: string,
  dataDir: string,
  password: string,
  user: ServerUser | undefined,
): Promise<string> {
  await writeBootstrapPassword(dataDir, password, user)
  // Marked before the rename: a `warm-` name only ever appears complete, so a failed write
  // cannot leave an entry that is never listed (and so never pruned).
  await writeFile(join(dataDir, COMPLETE), '')
  const entry = join(root, `warm-${key}-${Date.now()}-${process.pid}`)
  await rename(dataDir, entry)
  await pruneWarmDataDirs(root, key)
  return entry
}

/**
 * Removes entries superseded by a newer one over a minute ago (an `up` start that picked one
 * before it was superseded has long finished copying it; a run renames its pick in a moment).
 */
export async function pruneWarmDataDirs(root: string, key: string): Promise<void> {
  const entries = warmEntries(root, key)
  for (let i = 1; i < entries.length; i++) {
    const supersededAt = stamp(entries[i - 1] ?? '')
    if (Date.now() - supersededAt > COPY_GRACE_MS)
      await rm(entries[i] ?? '', { recursive: true, force: true })
  }
  // Entries without the mark (left by versions that marked after the rename, when the write
  // failed) are never listed, so never used: removed once they are past the grace period.
  for (const name of entryNames(root, key))
    if (!existsSync(join(root, name, COMPLETE)) && Date.now() - stamp(name) > COPY_GRACE_MS)
      await rm(join(root, name), { recursive: true, force: true })
}

/** Every complete entry for `key`, newest first. */
function warmEntries(root: string, key: string): string[] {
  return entryNames(root, key)
    .filter((n) => existsSync(join(root, n, COMPLETE)))
    .sort((a, b) => stamp(b) - stamp(a))
    .map((n) => join(root, n))
}

function entryNames(root: string, key: string): string[] {
  try {
    return readdirSync(root).filter((n) => n.startsWith(`warm-${key}-`))
  } catch {
    return []
  }
}

/** The time an entry was made, from its name (`warm-<key>-<time>-<pid>`). */
function stamp(path: string): number {
  return Number(path.split('-').at(-2) ?? 0)
}
