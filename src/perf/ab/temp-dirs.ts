/**
 * `perf ab`'s temporary folders (the base worktree's holder, each side's records), named after the
 * process: `pgtestbed-ab-<pid>-<what>-<random>`. A run killed with SIGKILL cannot remove its own;
 * the next run removes those whose process is gone.
 * @module
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isProcessAlive } from '../../internal/process-alive.js'

const PATTERN = /^pgtestbed-ab-(\d+)-/

/** A new temporary folder of this `perf ab` run. */
export function makeAbDir(what: string): string {
  return mkdtempSync(join(tmpdir(), `pgtestbed-ab-${process.pid}-${what}-`))
}

/** Removes the temporary folders of `perf ab` runs whose process no longer exists. */
export function reapAbandonedAbDirs(dir = tmpdir()): void {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const pid = Number(PATTERN.exec(name)?.[1])
    if (pid > 0 && pid !== process.pid && !isProcessAlive(pid))
      rmSync(join(dir, name), { recursive: true, force: true })
  }
}
