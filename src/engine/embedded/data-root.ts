/**
 * Where clusters and cached data directories live: tmpfs (`/dev/shm`) when present, because
 * clone and start times on disk are 3-25x slower and erratic (see DESIGN.md).
 * @module
 */
import { accessSync, chmodSync, constants, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The root for clusters (`clusters/`) and initdb caches (`initdb-*`); created world-traversable. */
export function dataRoot(configured: string | undefined): string {
  const root = configured ?? (isWritableDir('/dev/shm') ? '/dev/shm/pgtestbed' : join(tmpdir(), 'pgtestbed'))
  mkdirSync(join(root, 'clusters'), { recursive: true })
  // The server may run as another user (root case): it must traverse these directories.
  for (const dir of [root, join(root, 'clusters')]) {
    try {
      chmodSync(dir, 0o755)
    } catch {
      // not ours to change; it was made by another user who made it usable
    }
  }
  return root
}

function isWritableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK)
    return true
  } catch {
    return false
  }
}
