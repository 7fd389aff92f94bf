/**
 * Finds clusters whose owning process died (SIGKILL, a crash) and stops them, so no orphaned
 * postmaster or directory outlives its run.
 * @module
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { isProcessAlive } from '../../internal/process-alive.js'
import { postmasterPidOf, readRecord } from './cluster-record.js'
import { stopCluster } from './stop-cluster.js'

/** A directory without owner.json younger than this may be a cluster still being made. */
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
    if (isAbandoned(dir)) {
      await stopCluster(dir)
      reaped.push(dir)
    }
  }
  return reaped
}

function isAbandoned(dir: string): boolean {
  const record = readRecord(dir)
  if (record === undefined) {
    try {
      return Date.now() - statSync(dir).mtimeMs > GRACE_MS
    } catch {
      return false
    }
  }
  const postmaster = record.postmasterPid ?? postmasterPidOf(dir)
  if (record.detached) return postmaster === undefined || !isProcessAlive(postmaster)
  return record.ownerPid === undefined || !isProcessAlive(record.ownerPid)
}
