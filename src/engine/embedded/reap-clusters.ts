/**
 * Finds clusters whose owning process died (SIGKILL, a crash) and stops them, so no orphaned
 * postmaster or directory outlives its run.
 * @module
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { isProcessAlive } from '../../internal/process-alive.js'
import { isStarting, postmasterPidOf, readRecord, starterPidOf } from './cluster-record.js'
import { reapCluster, stopCluster } from './stop-cluster.js'

/** A directory nobody claims younger than this may be a cluster still being made. */
const GRACE_MS = 60_000

/** Stops and removes dead runs' clusters under `root/clusters`; returns the directories removed. */
export async function reapClusters(root: string): Promise<string[]> {
  const clustersDir = join(root, 'clusters')
  const reaped: string[] = []
  let names: string[]
  try {
    names = readdirSync(clustersDir)
  } catch {
    return reaped
  }
  for (const name of names) {
    const dir = join(clustersDir, name)
    if (name.startsWith('.reap-')) {
      // Another process is reaping it, or was killed while it did.
      if (isOlderThanGrace(dir)) await stopCluster(dir)
    } else if (isAbandoned(dir) && (await reapCluster(dir))) {
      reaped.push(dir)
    }
  }
  return reaped
}

/**
 * Whether the cluster in `dir` has lost its owner: an unfinished start whose starter died, a
 * detached cluster whose postmaster is gone, or an attached one whose owning process is gone.
 */
export function isAbandoned(dir: string): boolean {
  const record = readRecord(dir)
  if (isStarting(record)) {
    const starter = record?.starterPid ?? starterPidOf(dir)
    return starter === undefined ? isOlderThanGrace(dir) : !isProcessAlive(starter)
  }
  if (record === undefined) return false
  const postmaster = record.postmasterPid ?? postmasterPidOf(dir)
  if (record.detached) return postmaster === undefined || !isProcessAlive(postmaster)
  return record.ownerPid === undefined || !isProcessAlive(record.ownerPid)
}

function isOlderThanGrace(dir: string): boolean {
  try {
    return Date.now() - statSync(dir).mtimeMs > GRACE_MS
  } catch {
    return false
  }
}
