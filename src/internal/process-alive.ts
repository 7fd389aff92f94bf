import { readFileSync } from 'node:fs'

/**
 * Whether a process with this pid exists and has not exited (EPERM means it exists but is not
 * ours). A zombie (exited, not yet reaped by its parent, or by an init that reaps lazily) is not
 * alive: it holds no resources, and its pid will be freed.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  return !isZombie(pid)
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.charAt(stat.lastIndexOf(')') + 2) === 'Z'
  } catch {
    // No /proc (macOS): kill(pid, 0) is all we know.
    return false
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
