import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isProcessAlive, sleep } from '../../src/internal/process-alive.js'

/** The built CLI (dist/, from `npm run build`), run as a child process. */
export const BIN = fileURLToPath(new URL('../../bin/pgtestbed.js', import.meta.url))

/**
 * Runs the built CLI with `PGTESTBED_CRASH_AT=<point>` so it SIGKILLs itself there; resolves with
 * the signal it died of (null when it exited normally) and its output.
 */
export async function runUntilCrash(
  args: string[],
  options: { cwd: string; crashAt: string; env?: NodeJS.ProcessEnv },
): Promise<{ signal: NodeJS.Signals | null; code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, PGTESTBED_CRASH_AT: options.crashAt },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString()
  })
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (c, s) => resolve([c, s])),
  )
  return { signal, code, stdout, stderr }
}

/** Waits (at most `steps` × 20 ms) until `pid` is gone; returns whether it is. */
export async function waitForExit(pid: number, steps = 500): Promise<boolean> {
  for (let i = 0; i < steps && isProcessAlive(pid); i++) await sleep(20)
  return !isProcessAlive(pid)
}

/** The postmaster pid in a data directory's postmaster.pid. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0])
}
