/**
 * `pgtestbed up` keeps one detached cluster per project running; everything else in that
 * project (tests, `db new`, `run`) attaches to it instead of starting its own.
 * @module
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { digest } from '../../internal/hash.js'
import { isProcessAlive } from '../../internal/process-alive.js'
import {
  type ClusterRecord,
  isStarting,
  postmasterPidOf,
  readRecord,
  starterPidOf,
} from './cluster-record.js'
import { dataRoot } from './data-root.js'
import { isAbandoned } from './reap-clusters.js'

/** The cluster directory name `pgtestbed up` uses for a project. */
export function upClusterName(projectDir: string): string {
  return `up-${digest([projectDir], 12)}`
}

/** The cluster directory of a project's `up` cluster under the data root. */
export function upClusterDir(projectDir: string, root?: string): string {
  return join(dataRoot(root), 'clusters', upClusterName(projectDir))
}

/**
 * Where a project's `up` cluster stands:
 * - `none`: no directory;
 * - `starting`: a live `pgtestbed up` is starting it;
 * - `running`: started and its postmaster alive;
 * - `abandoned`: its starter was killed mid-start (a postmaster may still run: `postmasterPid`),
 *   or its postmaster died. The next `up` or `down` reaps it.
 */
export type UpClusterState =
  | { readonly kind: 'none'; readonly clusterDir: string }
  | { readonly kind: 'starting'; readonly clusterDir: string; readonly starterPid: number | undefined }
  | {
      readonly kind: 'running'
      readonly clusterDir: string
      readonly record: ClusterRecord
      readonly postmasterPid: number
    }
  | {
      readonly kind: 'abandoned'
      readonly clusterDir: string
      readonly record: ClusterRecord | undefined
      readonly postmasterPid: number | undefined
    }

/** Looks at a project's `up` cluster without changing anything. */
export function inspectUpCluster(projectDir: string, root?: string): UpClusterState {
  const clusterDir = upClusterDir(projectDir, root)
  if (!existsSync(clusterDir)) return { kind: 'none', clusterDir }
  const record = readRecord(clusterDir)
  const pid = record?.postmasterPid ?? postmasterPidOf(clusterDir)
  const postmasterPid = pid !== undefined && isProcessAlive(pid) ? pid : undefined
  if (isAbandoned(clusterDir)) return { kind: 'abandoned', clusterDir, record, postmasterPid }
  if (isStarting(record)) {
    return { kind: 'starting', clusterDir, starterPid: record?.starterPid ?? starterPidOf(clusterDir) }
  }
  if (record === undefined || postmasterPid === undefined)
    return { kind: 'abandoned', clusterDir, record, postmasterPid }
  return { kind: 'running', clusterDir, record, postmasterPid }
}

/** The running `up` cluster of a project, or undefined. */
export function findUpCluster(
  projectDir: string,
  root?: string,
): (ClusterRecord & { clusterDir: string; postmasterPid: number }) | undefined {
  const state = inspectUpCluster(projectDir, root)
  if (state.kind !== 'running') return undefined
  return { ...state.record, clusterDir: state.clusterDir, postmasterPid: state.postmasterPid }
}
