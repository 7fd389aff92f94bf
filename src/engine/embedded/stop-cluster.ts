/**
 * Stops a postmaster and removes its cluster directory. Immediate shutdown (SIGQUIT): test data
 * is disposable, so there is nothing to flush.
 * @module
 */
import { readFileSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
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

/** The same, synchronously, for `process.on('exit')` where nothing async runs. */
export function stopClusterSync(clusterDir: string, pid: number | undefined): void {
  if (pid !== undefined) signal(pid, 'SIGKILL')
  rmSync(clusterDir, { recursive: true, force: true })
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}

/** Guards against pid reuse: only signal a process whose command line names this cluster. */
function isOurPostmaster(pid: number, clusterDir: string): boolean {
  if (!isProcessAlive(pid)) return false
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(clusterDir)
  } catch {
    // No /proc (macOS): trust postmaster.pid, as pg_ctl does.
    return true
  }
}
