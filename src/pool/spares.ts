/**
 * Spare clones: the databases of a run's test processes (vitest starts a process per test file)
 * live under the run's spare tag, held alive by the process that prepared the run, so they
 * outlive the process that used them. At its close a process offers its ready ones to the run's
 * next process: once a database's session has ended, a file `spare-<name>` in the run's private
 * directory says what the next process needs to know of it. The next process claims them as it
 * loads by renaming each file away, which exactly one process can do, and connects to the
 * database: no round trip to claim, no rename of the database, so nobody waits for the closing
 * process's sessions to leave. A database whose process died while using it has no file: nobody
 * claims it, and the preparer drops it at the run's end.
 * @module
 */
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type pg from 'pg'
import { dropDatabaseSql } from '../sql/core.js'
import { clonePattern } from './naming.js'
import { KEPT_COMMENT } from './reaper.js'
import { decodeSpareState, encodeSpareState, type SpareState } from './recycle.js'

/** What an offered spare's file name starts with (the database's name follows). */
const OFFERED = 'spare-'
/** Suffixes of files on their way in (being written) and out (being claimed). */
const PARTIAL = '.partial'
const TAKEN = '.taken'

/** Offers the ready database `name` (its sessions ended) to the run's next process; false when it could not. */
export function offerSpare(runDir: string, name: string, state: SpareState): boolean {
  const file = join(runDir, OFFERED + name)
  const partial = `${file}.${process.pid}${PARTIAL}`
  try {
    // Written whole, then renamed in: a claimer never reads half a state.
    writeFileSync(partial, encodeSpareState(state), { mode: 0o600 })
    renameSync(partial, file)
    return true
  } catch {
    rmSync(partial, { force: true })
    return false
  }
}

/**
 * Claims up to `limit` of the spares offered under `spareTag`: the names and what they carry.
 * Of processes claiming at once, each spare goes to exactly one (the rename of its file).
 */
export function claimSpares(
  runDir: string,
  spareTag: string,
  limit: number,
): { name: string; state: SpareState }[] {
  const ours = new RegExp(clonePattern(spareTag))
  let entries: string[]
  try {
    entries = readdirSync(runDir)
  } catch {
    return []
  }
  const claimed: { name: string; state: SpareState }[] = []
  for (const entry of entries) {
    if (claimed.length >= limit) break
    const name = entry.slice(OFFERED.length)
    if (!entry.startsWith(OFFERED) || !ours.test(name)) continue
    const taken = join(runDir, `${entry}.${process.pid}${TAKEN}`)
    try {
      renameSync(join(runDir, entry), taken)
    } catch {
      continue // another process was first
    }
    let state: SpareState | undefined
    try {
      state = decodeSpareState(readFileSync(taken, 'utf8'))
    } finally {
      rmSync(taken, { force: true })
    }
    // An unreadable state: the database is left to the run's end, which drops it.
    if (state !== undefined) claimed.push({ name, state })
  }
  return claimed
}

/** Drops the run's remaining spare clones (kept failed tests' databases stay); returns how many. */
export async function dropSpares(admin: pg.ClientBase, spareTag: string): Promise<number> {
  const { rows } = await admin.query<{ name: string }>(
    `SELECT datname AS name FROM pg_database
      WHERE datname ~ $1 AND shobj_description(oid, 'pg_database') IS DISTINCT FROM $2`,
    [clonePattern(spareTag), KEPT_COMMENT],
  )
  let dropped = 0
  for (const { name } of rows)
    await admin.query(dropDatabaseSql(name)).then(
      () => dropped++,
      () => undefined,
    )
  return dropped
}
