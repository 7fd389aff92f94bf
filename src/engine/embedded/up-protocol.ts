/**
 * The `pgtestbed up` / `pgtestbed down` protocol. The project's cluster directory is the lock:
 * exactly one `up` claims it (an atomic rename of a directory already holding its pid), the
 * others wait for that one to finish. A cluster whose starter was killed, or whose postmaster
 * died, is reaped and started again.
 * @module
 */
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import type { EmbeddedOptions } from '../../config/index.js'
import { EngineError } from '../../errors.js'
import { crashPoint } from '../../internal/crash-point.js'
import { sleep } from '../../internal/process-alive.js'
import { starterFile } from './cluster-record.js'
import { dataRoot } from './data-root.js'
import { startEmbedded } from './start-embedded.js'
import { reapCluster } from './stop-cluster.js'
import { inspectUpCluster, upClusterName } from './up-cluster.js'

/** What `startUpCluster` found or started. */
export interface UpCluster {
  readonly url: string
  readonly serverVersion: string
  /** True when it was running already (started by an earlier or a concurrent `up`). */
  readonly alreadyRunning: boolean
  /** True when a cluster abandoned by a killed `up` (or a dead postmaster) was reaped first. */
  readonly reapedAbandoned: boolean
}

/** Polls while another `up` starts the cluster: 20 ms × 6000, two minutes at most. */
const WAIT_STEPS = 6000

/**
 * Starts the project's detached cluster, or finds it running.
 *
 * @example
 * const { url, alreadyRunning } = await startUpCluster(projectDir, config.embedded)
 */
export async function startUpCluster(projectDir: string, options: EmbeddedOptions = {}): Promise<UpCluster> {
  const root = dataRoot(options.dataRoot)
  let reapedAbandoned = false
  let starter: number | undefined
  for (let step = 0; step < WAIT_STEPS; step++) {
    const state = inspectUpCluster(projectDir, root)
    if (state.kind === 'running') {
      const { url, serverVersion } = state.record
      return { url, serverVersion, alreadyRunning: true, reapedAbandoned }
    }
    if (state.kind === 'abandoned') {
      reapedAbandoned = (await reapCluster(state.clusterDir)) || reapedAbandoned
      continue
    }
    if (state.kind === 'starting') {
      starter = state.starterPid
      await sleep(20)
      continue
    }
    if (!(await claim(state.clusterDir))) continue
    crashPoint('up:claimed')
    const server = await startEmbedded({ ...options, clusterName: upClusterName(projectDir), detached: true })
    return { url: server.url, serverVersion: server.serverVersion, alreadyRunning: false, reapedAbandoned }
  }
  throw new EngineError(
    'PGT_ENGINE_START',
    `Failed to start the cluster: another \`pgtestbed up\`${starter === undefined ? '' : ` (pid ${starter})`} ` +
      'is still starting it after two minutes. Wait for it, or stop it and run `pgtestbed down`, then retry.',
  )
}

/** Stops the project's `up` cluster, also one a killed `up` left half-started. */
export async function stopUpCluster(
  projectDir: string,
  root?: string,
): Promise<{ readonly stopped: 'running' | 'abandoned' | 'none'; readonly url: string | undefined }> {
  const state = inspectUpCluster(projectDir, root)
  const url = state.kind === 'running' || state.kind === 'abandoned' ? state.record?.url : undefined
  if (state.kind === 'none') return { stopped: 'none', url }
  await reapCluster(state.clusterDir)
  if (state.kind === 'running') return { stopped: 'running', url }
  if (state.kind === 'abandoned' && state.postmasterPid !== undefined) return { stopped: 'abandoned', url }
  return { stopped: 'none', url }
}

/** Creates the cluster directory with our pid inside, atomically; false when it exists. */
async function claim(clusterDir: string): Promise<boolean> {
  const work = await mkdtemp(`${clusterDir}.claim-`)
  try {
    await writeFile(starterFile(work), String(process.pid))
    await rename(work, clusterDir)
    return true
  } catch {
    return false
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
