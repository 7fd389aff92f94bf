import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { isProcessAlive } from '../../src/internal/process-alive.js'
import { hashSeed, keyedStream, type Random } from '../../src/internal/seeded-random.js'
import { BIN } from '../support/crash.js'

/** The suite's seed: PGTESTBED_RELIABILITY_SEED to replay a run, else random; always logged. */
export function suiteRandom(name: string): Random {
  const given = process.env['PGTESTBED_RELIABILITY_SEED']
  const seed = given === undefined || given === '' ? Math.floor(Math.random() * 2 ** 31) : Number(given)
  console.log(`[reliability] ${name}: seed ${seed} (replay with PGTESTBED_RELIABILITY_SEED=${seed})`)
  return keyedStream(seed, hashSeed(name))
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

export function tempDataRoot(): string {
  return mkdtempSync('/dev/shm/pgt-rel-')
}

/** Pids of live processes whose working directory is under `root` (postmasters and backends). */
export function processesUnder(root: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readlinkSync(`/proc/${entry}/cwd`).startsWith(`${root}/`) && isProcessAlive(Number(entry)))
        pids.push(Number(entry))
    } catch {
      // gone, or not readable
    }
  }
  return pids
}

/** System V shared memory segments created by any of `pids` that still exist. */
export function segmentsOf(pids: ReadonlySet<number>): string[] {
  const lines = readFileSync('/proc/sysvipc/shm', 'utf8').trim().split('\n').slice(1)
  return lines
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => pids.has(Number(cols[4])))
    .map((cols) => cols[1] ?? '')
}

/** Watches a data root: every postgres process seen under it, so leaks can be checked later. */
export class Watch {
  readonly seen = new Set<number>()
  constructor(readonly root: string) {}
  look(): void {
    for (const pid of processesUnder(this.root)) this.seen.add(pid)
  }
}

/** Runs the built CLI; with `crashAt` it SIGKILLs itself at that point. */
export async function cli(
  args: string[],
  options: { cwd: string; crashAt?: string; env?: NodeJS.ProcessEnv; onSpawn?: (pid: number) => void },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, PGTESTBED_CRASH_AT: options.crashAt ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (child.pid !== undefined) options.onSpawn?.(child.pid)
  let stdout = ''
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString()
  })
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (c, s) => resolve([c, s])),
  )
  return { code, signal, stdout }
}

/**
 * Runs `node -e script` (ESM); resolves after it printed `lines` lines, then SIGKILLs it (or
 * lets it finish when it exits first). Returns the lines it printed.
 */
export async function killAfterLines(
  script: string,
  lines: number,
  env: NodeJS.ProcessEnv = {},
): Promise<string[]> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  })
  const got: string[] = []
  const exited = new Promise((resolve) => child.once('exit', resolve))
  await new Promise<void>((resolve) => {
    const rl = createInterface({ input: child.stdout })
    rl.on('line', (line) => {
      got.push(line)
      if (got.length === lines) resolve()
    })
    child.once('exit', () => resolve())
  })
  child.kill('SIGKILL')
  await exited
  return got
}
