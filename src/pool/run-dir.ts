/**
 * The run's directory: a private directory (mode 700) the process that prepares a run makes and
 * removes, where the run's processes on this machine leave each other notes without a server
 * round trip:
 *   spares.json   the names of the spares the last closing process marked free, so the next
 *                 one connects to them at once (a hint: the claim is what decides, see spares.ts)
 *   waits-*.json  each process's wait sample, for the run's one "outran" line
 * Everything here is best effort: a note that cannot be written or read only costs a query.
 * @module
 */
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseWaitSample, type WaitSample } from './outran-report.js'

const SPARES = 'spares.json'

/** Makes the run's directory (readable by this OS user only). */
export function createRunDir(): string {
  return mkdtempSync(join(tmpdir(), 'pgtestbed-run-'))
}

/** Removes the run's directory and its notes. */
export function removeRunDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** The names the last closing process marked free, or none. */
export function readSpareHint(dir: string): string[] {
  try {
    const names = JSON.parse(readFileSync(join(dir, SPARES), 'utf8')) as unknown
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : []
  } catch {
    return []
  }
}

/** Leaves the names of the spares this process marked free (written whole, then renamed in). */
export function writeSpareHint(dir: string, names: readonly string[]): void {
  const temp = join(dir, `.${SPARES}.${process.pid}`)
  try {
    writeFileSync(temp, JSON.stringify(names))
    renameSync(temp, join(dir, SPARES))
  } catch {
    // the next process lists the free spares instead
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
