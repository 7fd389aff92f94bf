/**
 * One side of one round of `perf ab`: the test command run with tracking on into a fresh perf
 * directory, and the tests it recorded (whatever the runner: vitest's teardown, `pgtestbed run`
 * and plain `node --test` all leave their records there).
 * @module
 */
import { rmSync } from 'node:fs'
import { spawnGuarded } from '../../internal/guard-child.js'
import { PerfError } from '../perf-error.js'
import { perfEnv } from '../perf-options.js'
import { gatherPending } from '../perf-report.js'
import type { RunRecord } from '../record.js'
import { listRuns, readRun } from '../run-record.js'
import { makeAbDir } from './temp-dirs.js'

/** What one side's run gave. */
export interface SideRun {
  /** The tests recorded, as one run record (several runners' records merged). */
  readonly run: RunRecord
  readonly ms: number
}

/**
 * Runs `command` in `cwd` with tracking on; throws a PerfError when it fails or records nothing.
 *
 * @example
 * const { run } = await runSide({ command: ['npx', 'vitest', 'run'], cwd, env, label: 'base, round 1' })
 */
export async function runSide(options: {
  command: readonly string[]
  cwd: string
  env: NodeJS.ProcessEnv
  label: string
  signal?: AbortSignal
}): Promise<SideRun> {
  const dir = makeAbDir('records')
  try {
    const started = performance.now()
    const { code, tail } = await spawnCommand(options, dir)
    const ms = performance.now() - started
    if (options.signal?.aborted)
      throw new PerfError('PGT_PERF_AB', `perf ab was stopped (${String(options.signal.reason)}).`)
    if (code !== 0)
      throw new PerfError(
        'PGT_PERF_AB',
        `The ${options.label} run of \`${options.command.join(' ')}\` failed (exit ${code}); perf ab compares passing suites. Its last output:\n${tail}`,
      )
    gatherPending(dir, options.cwd)
    const runs = listRuns(dir).map(readRun)
    const first = runs[0]
    if (first === undefined)
      throw new PerfError(
        'PGT_PERF_AB',
        `The ${options.label} run of \`${options.command.join(' ')}\` recorded no test: do its tests use pgtestbed's db fixture (pgtestbed/vitest, pgtestbed/node-test, pgtestbed/jest)?`,
      )
    return { run: { ...first, tests: runs.flatMap((r) => r.tests) }, ms }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function spawnCommand(
  options: { command: readonly string[]; cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal },
  dir: string,
): Promise<{ code: number; tail: string }> {
  const [cmd, ...args] = options.command as [string, ...string[]]
  // Tracking on into this side's own directory; a `pgtestbed run` around us must not own it.
  const env = { ...options.env, ...perfEnv(dir) }
  delete env['PGTESTBED_PERF_OWNER']
  return new Promise((resolve) => {
    const { child, signalGroup } = spawnGuarded(cmd, args, {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    const stop = () => signalGroup('SIGTERM')
    options.signal?.addEventListener('abort', stop, { once: true })
    child.once('error', (err) => resolve({ code: 127, tail: err.message }))
    child.once('exit', (status, signal) => {
      options.signal?.removeEventListener('abort', stop)
      resolve({
        code: status ?? (signal === 'SIGKILL' ? 137 : 143),
        tail: output.trimEnd().split('\n').slice(-20).join('\n'),
      })
    })
  })
}
