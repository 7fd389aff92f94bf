/**
 * Cloning and dropping run in the background while tests run: on a local server, the backends
 * doing it get the lowest CPU priority, so a test's own queries go first.
 * @module
 */
import { readFileSync } from 'node:fs'
import { setPriority } from 'node:os'
import type pg from '../internal/pg.js'

/** Lowers the priority of `client`'s backend when it is a local PostgreSQL process we may renice. */
export async function lowerPriority(client: pg.PoolClient): Promise<void> {
  try {
    const { rows } = await client.query<{ pid: number; pglite: boolean }>(
      "SELECT pg_backend_pid() AS pid, strpos(version(), 'PGlite') > 0 AS pglite",
    )
    const pid = rows[0]?.pid
    // PGlite runs in this process and reports a made-up pid (42): never renice that process.
    if (pid === undefined || rows[0]?.pglite === true) return
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres:')) return
    setPriority(pid, 19)
  } catch {
    // not local, not Linux, or not allowed: run at normal priority
  }
}
