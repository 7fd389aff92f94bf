/**
 * `pgtestbed up` keeps one detached cluster per project running; everything else in that
 * project (tests, `db new`, `run`) attaches to it instead of starting its own.
 * @module
 */
import { join } from 'node:path'
import { digest } from '../../internal/hash.js'
import { isProcessAlive } from '../../internal/process-alive.js'
import { type ClusterRecord, postmasterPidOf, readRecord } from './cluster-record.js'
import { dataRoot } from './data-root.js'

/** The cluster directory name `pgtestbed up` uses for a project. */
export function upClusterName(projectDir: string): string {
  return `up-${digest([projectDir], 12)}`
}

/** The running `up` cluster of a project, or undefined. */
export function findUpCluster(
  projectDir: string,
  root?: string,
): (ClusterRecord & { clusterDir: string; postmasterPid: number }) | undefined {
  const clusterDir = join(dataRoot(root), 'clusters', upClusterName(projectDir))
  const record = readRecord(clusterDir)
  const pid = record?.postmasterPid ?? postmasterPidOf(clusterDir)
  if (record === undefined || pid === undefined || !isProcessAlive(pid) || record.serverVersionNum === 0)
    return undefined
  return { ...record, clusterDir, postmasterPid: pid }
}
