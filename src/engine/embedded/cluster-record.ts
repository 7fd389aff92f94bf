/**
 * Each cluster directory holds `owner.json`: who started it and which postmaster serves it, so a
 * later run can find clusters whose owner died and stop them.
 * @module
 */
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** What `owner.json` records about a running cluster. */
export interface ClusterRecord {
  /** The process whose death ends the cluster; for a detached (`pgtestbed up`) cluster, none. */
  readonly ownerPid: number | undefined
  readonly postmasterPid: number | undefined
  readonly port: number
  /** The admin URL, with the cluster's password. */
  readonly url: string
  readonly serverVersion: string
  readonly serverVersionNum: number
  readonly detached: boolean
  readonly startedAt: string
  /**
   * The process starting the cluster. While `serverVersionNum` is 0 the start is unfinished: a
   * live starter is still at it, a dead one was killed and left the cluster to be reaped.
   */
  readonly starterPid?: number
}

/** Whether the record describes a cluster whose start has not finished (or none at all). */
export function isStarting(record: ClusterRecord | undefined): boolean {
  return record === undefined || record.serverVersionNum === 0
}

export function recordFile(clusterDir: string): string {
  return join(clusterDir, 'owner.json')
}

export async function writeRecord(clusterDir: string, record: ClusterRecord): Promise<void> {
  // Owner-only: the URL carries the cluster's password.
  await writeFile(recordFile(clusterDir), JSON.stringify(record, null, 2), { mode: 0o600 })
}

export function readRecord(clusterDir: string): ClusterRecord | undefined {
  try {
    return JSON.parse(readFileSync(recordFile(clusterDir), 'utf8')) as ClusterRecord
  } catch {
    return undefined
  }
}

/** The postmaster pid from `postmaster.pid`, present even if we died before writing owner.json. */
export function postmasterPidOf(clusterDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(clusterDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/** The file a starting `pgtestbed up` claims a cluster directory with, holding its pid. */
export function starterFile(clusterDir: string): string {
  return join(clusterDir, 'starter.pid')
}

/** The pid in `starter.pid`: who claimed the directory before any owner.json exists. */
export function starterPidOf(clusterDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(starterFile(clusterDir), 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}
