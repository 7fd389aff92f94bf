/**
 * Run records: gathering a run's pending test records into one JSON file under `runs/`, and
 * reading run files back (checking they are pgtestbed perf records of a version we read).
 * @module
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { takePending } from './pending-records.js'
import { PerfError } from './perf-error.js'
import { type MachineInfo, RUN_FORMAT, RUN_VERSION, type RunRecord } from './record.js'

/** The git commit of `cwd`, if it is in a repository. */
function gitCommit(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim()
  } catch {
    return undefined
  }
}

/** Where and with what a run was measured. */
export function machineInfo(cwd: string, postgres: string | undefined): MachineInfo {
  const cpu = cpus()
  return {
    platform: process.platform,
    arch: process.arch,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    node: process.version,
    postgres,
    commit: process.env['GITHUB_SHA'] ?? gitCommit(cwd),
  }
}

/**
 * Gathers the pending records of `runId` into `runs/<time>-<runId>.json`; returns the record and
 * its file, or undefined when no test was recorded.
 *
 * @example
 * const run = finishRun({ dir: '.pgtestbed/perf', runId: 'local', cwd: process.cwd() })
 */
export function finishRun(options: {
  dir: string
  runId: string
  cwd: string
}): { run: RunRecord; file: string } | undefined {
  const { tests, serverVersion } = takePending(options.dir, options.runId, { remove: true })
  if (tests.length === 0) return undefined
  const createdAt = new Date().toISOString()
  const run: RunRecord = {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    id: options.runId,
    createdAt,
    machine: machineInfo(options.cwd, serverVersion),
    tests,
  }
  const runsDir = join(options.dir, 'runs')
  mkdirSync(runsDir, { recursive: true })
  const file = join(
    runsDir,
    `${createdAt.replace(/[:.]/g, '-')}-${options.runId.replace(/[^\w.-]/g, '_')}.json`,
  )
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`)
  return { run, file }
}

/**
 * Reads a run (or baseline) file, with a clear error for anything that is not one we can read.
 *
 * @example
 * const run = readRun('.pgtestbed/perf/baseline.json')
 */
export function readRun(file: string): RunRecord {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new PerfError(
      'PGT_PERF_RECORD',
      `Cannot read the perf record ${file}: ${(err as Error).message}. Run the suite with --perf to write one, or pass the path of a file under .pgtestbed/perf/runs/.`,
    )
  }
  const run = data as Partial<RunRecord>
  if (run.format !== RUN_FORMAT || !Array.isArray(run.tests))
    throw new PerfError(
      'PGT_PERF_RECORD',
      `${file} is not a pgtestbed perf run record (no "format": "${RUN_FORMAT}"). Pass a file written by a --perf run.`,
    )
  if (typeof run.version !== 'number' || run.version > RUN_VERSION)
    throw new PerfError(
      'PGT_PERF_RECORD',
      `${file} was written by a newer pgtestbed (record version ${String(run.version)}, this one reads up to ${RUN_VERSION}). Upgrade pgtestbed or record the run again.`,
    )
  return run as RunRecord
}

/** The run files under `dir/runs`, oldest first. */
export function listRuns(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'runs'))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(dir, 'runs', f))
  } catch {
    return []
  }
}
