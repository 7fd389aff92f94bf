/**
 * The run's directory: a private directory (mode 700) the process that prepares a run makes and
 * removes, where the run's processes on this machine leave each other notes without a server
 * round trip:
 *   spare-*       a ready database a closing process offers the next one (see spares.ts)
 *   waits-*.json  each process's wait sample, for the run's one "outran" line
 * Everything here is best effort: a note that cannot be written or read only costs a clone or a
 * query.
 * The directory is named after the process that made it (`pgtestbed-run-<pid>-*`), so one left by
 * a killed process is removed by the next run.
 * @module
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isProcessAlive } from '../internal/process-alive.js'
import { parseWaitSample, type WaitSample } from './outran-report.js'

const PREFIX = 'pgtestbed-run-'

/**
 * Makes the run's directory (readable by this OS user only), named after this process. It is
 * removed by `removeRunDir`, or when the process exits without it; a killed process's is removed
 * by the next one that makes one.
 */
export function createRunDir(): string {
  pruneDeadRunDirs()
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`))
  if (open.size === 0) process.once('exit', removeOpenAtExit)
  open.add(dir)
  return dir
}

/** Removes the run's directory and its notes. */
export function removeRunDir(dir: string): void {
  open.delete(dir)
  if (open.size === 0) process.removeListener('exit', removeOpenAtExit)
  rmSync(dir, { recursive: true, force: true })
}

/** This process's run directories not removed yet. */
const open = new Set<string>()

function removeOpenAtExit(): void {
  for (const dir of open) rmSync(dir, { recursive: true, force: true })
  open.clear()
}

/** Removes run directories whose process is gone (only ours: another user's cannot be removed). */
function pruneDeadRunDirs(): void {
  let names: string[]
  try {
    names = readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX))
  } catch {
    return
  }
  for (const name of names) {
    const pid = Number(/^pgtestbed-run-(\d+)-/.exec(name)?.[1])
    if (!Number.isInteger(pid) || isProcessAlive(pid)) continue
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true })
    } catch {
      // not ours
    }
  }
}

/** Leaves this process's wait sample; false when it could not be written. */
export function writeWaitSample(dir: string, sample: WaitSample): boolean {
  try {
    writeFileSync(
      join(dir, `waits-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`),
      JSON.stringify(sample),
    )
    return true
  } catch {
    return false
  }
}

/** The wait samples the run's processes left. */
export function readWaitSamples(dir: string): WaitSample[] {
  let files: string[]
  try {
    files = readdirSync(dir).filter((f) => f.startsWith('waits-'))
  } catch {
    return []
  }
  return files.flatMap((f) => {
    try {
      const sample = parseWaitSample(readFileSync(join(dir, f), 'utf8'))
      return sample === undefined ? [] : [sample]
    } catch {
      return []
    }
  })
}
