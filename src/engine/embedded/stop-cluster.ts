/**
 * Stops a postmaster and removes its cluster directory. Immediate shutdown (SIGQUIT): test data
 * is disposable, so there is nothing to flush, and PostgreSQL still removes its shared memory.
 * @module
 */
import { readFileSync, readlinkSync, renameSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { isProcessAlive, sleep } from '../../internal/process-alive.js'
import { postmasterPidOf, readRecord } from './cluster-record.js'

/** Stops the cluster in `clusterDir` (if running) and deletes the directory. */
export async function stopCluster(clusterDir: string): Promise<void> {
  const pid = readRecord(clusterDir)?.postmasterPid ?? postmasterPidOf(clusterDir)
  if (pid !== undefined && isOurPostmaster(pid, clusterDir)) {
    signal(pid, 'SIGQUIT')
    for (let i = 0; i < 500 && isProcessAlive(pid); i++) await sleep(10)
    if (isProcessAlive(pid)) signal(pid, 'SIGKILL')
  }
  await rm(clusterDir, { recursive: true, force: true })
}

/**
 * Stops the postmaster of `clusterDir` with a fast shutdown (SIGINT: sessions end, a checkpoint
 * is written), so its data directory can start again without recovery. Waits up to 10 s; returns
 * whether it stopped.
 */
export async function shutDownCleanly(clusterDir: string): Promise<boolean> {
  const pid = readRecord(clusterDir)?.postmasterPid ?? postmasterPidOf(clusterDir)
  if (pid === undefined || !isOurPostmaster(pid, clusterDir)) return false
  signal(pid, 'SIGINT')
  for (let i = 0; i < 1000 && isProcessAlive(pid); i++) await sleep(10)
  return !isProcessAlive(pid)
}

/**
 * Takes `clusterDir` out of everyone's way first (an atomic rename: of several processes reaping
 * the same directory one wins, and a new cluster may take the name at once), then stops it.
 * Returns false when another process got there first.
 */
export async function reapCluster(clusterDir: string): Promise<boolean> {
  const tomb = join(dirname(clusterDir), `.reap-${basename(clusterDir)}-${process.pid}-${Date.now()}`)
  try {
    renameSync(clusterDir, tomb)
  } catch {
    return false
  }
  await stopCluster(tomb)
  return true
}

/**
 * The same as stopCluster, synchronously, for `process.on('exit')` where nothing async runs. An
 * immediate shutdown (SIGQUIT), not SIGKILL: a killed postmaster leaves its System V shared
 * memory segment behind, one per run. Waits (bounded) for the postmaster to go.
 */
export function stopClusterSync(clusterDir: string, pid: number | undefined): void {
  if (pid !== undefined && isProcessAlive(pid)) {
    signal(pid, 'SIGQUIT')
    const tick = new Int32Array(new SharedArrayBuffer(4))
    for (let i = 0; i < 500 && isProcessAlive(pid); i++) Atomics.wait(tick, 0, 0, 10)
    if (isProcessAlive(pid)) signal(pid, 'SIGKILL')
  }
  rmSync(clusterDir, { recursive: true, force: true })
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}

/**
 * Guards against pid reuse: only signal a process that runs in this cluster's data directory
 * (its working directory follows a rename) or whose command line names the cluster.
 */
function isOurPostmaster(pid: number, clusterDir: string): boolean {
  if (!isProcessAlive(pid)) return false
  try {
    if (readlinkSync(`/proc/${pid}/cwd`) === join(clusterDir, 'data')) return true
  } catch {
    // not readable: try the command line
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(clusterDir)
  } catch {
    // No /proc (macOS): trust postmaster.pid, as pg_ctl does.
    return true
  }
}
