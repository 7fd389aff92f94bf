/**
 * Children that die with their parent, even a SIGKILLed one. The child runs in its own process
 * group; a tiny guard process holds a pipe from the parent, and when the pipe closes (the parent
 * died, however) it ends the whole group: SIGTERM, then SIGKILL after a grace period. Node has no
 * PR_SET_PDEATHSIG, and a pipe's end is noticed at once, with no pid to be reused.
 *
 * The command starts behind a gate: a shell that waits for one line on a pipe from the parent, then
 * execs the command (same pid, so the same group). The parent opens the gate only once the guard
 * knows the group. A parent killed before that closes the pipe, and the command never runs: there
 * is no moment at which it runs unguarded (an ungated spawn lost that race under load in CI).
 * @module
 */
import { type ChildProcess, type SpawnOptions, type StdioOptions, spawn } from 'node:child_process'
import type { Writable } from 'node:stream'

/** Milliseconds between SIGTERM and SIGKILL when the guard ends an orphaned group. */
const GRACE_MS = 3_000

/** The shell's message for a command that is not on PATH (exit 127, as shells give). */
const NOT_FOUND = 'pgtestbed: failed to run %s: command not found. Check the command name and PATH.\\n'

const GUARD_SCRIPT = `
const grace = Number(process.argv[1])
let told = ''
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {})
const group = () => Number.parseInt(told, 10)
const send = (sig) => { try { process.kill(-group(), sig); return true } catch { return false } }
const end = () => {
  if (!(group() > 0) || !send('SIGTERM')) process.exit(0)
  let left = Math.ceil(grace / 50)
  const timer = setInterval(() => {
    if (!send(0) || --left <= 0) { send('SIGKILL'); clearInterval(timer); process.exit(0) }
  }, 50)
}
process.stdin.on('data', (d) => { told += d })
process.stdin.on('end', end)
process.stdin.on('error', end)
`

/**
 * Spawns `command` in its own process group, guarded: if this process dies, the group is ended.
 * `signalGroup` signals the whole group (the command and whatever it started).
 *
 * @example
 * const { child, signalGroup } = spawnGuarded('npm', ['test'], { stdio: 'inherit' })
 * process.on('SIGINT', () => signalGroup('SIGINT'))
 */
export function spawnGuarded(
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'detached' | 'shell'>,
): { child: ChildProcess; signalGroup: (signal: NodeJS.Signals) => void } {
  const guard = spawn(process.execPath, ['-e', GUARD_SCRIPT, String(GRACE_MS)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  })
  guard.on('error', () => undefined)
  guard.stdin?.on('error', () => undefined)
  const stdio = stdioArray(options.stdio)
  const gateFd = stdio.length
  // `read` fails at end of file: a parent that died before opening the gate runs nothing.
  // A command not on PATH gets our error, not the shell's; the gate's descriptor is closed for
  // the command itself. $0 names us in the shell's own errors.
  const gated = [
    `read _ <&${gateFd} || exit 1`,
    `command -v "$1" >/dev/null 2>&1 || { printf '${NOT_FOUND}' "$1" >&2; exit 127; }`,
    `exec "$@" ${gateFd}<&-`,
  ].join('\n')
  let child: ChildProcess
  try {
    child = spawn('/bin/sh', ['-c', gated, 'pgtestbed', command, ...args], {
      ...options,
      stdio: [...stdio, 'pipe'],
      detached: true,
    })
  } catch (err) {
    guard.kill('SIGKILL')
    throw err
  }
  const group = child.pid
  const gate = child.stdio[gateFd] as Writable | null
  gate?.on('error', () => undefined)
  if (group === undefined) guard.kill('SIGKILL')
  else {
    guard.stdin?.write(`${group}\n`)
    gate?.end('\n')
  }
  const signalGroup = (signal: NodeJS.Signals): void => {
    if (group === undefined) return
    try {
      process.kill(-group, signal)
    } catch {
      // the group is gone
    }
  }
  guard.unref()
  ;(guard.stdin as unknown as { unref?: () => void } | null)?.unref?.()
  // The command ended by itself: the guard is no longer needed.
  child.once('exit', () => {
    guard.kill('SIGKILL')
  })
  return { child, signalGroup }
}

type StdioEntry = Exclude<StdioOptions, string>[number]

/** `stdio` as an array of three or more entries, the way spawn reads a shorthand. */
function stdioArray(stdio: SpawnOptions['stdio']): StdioEntry[] {
  if (stdio === undefined) return ['pipe', 'pipe', 'pipe']
  if (typeof stdio === 'string') return [stdio, stdio, stdio]
  const list: StdioEntry[] = [...stdio]
  while (list.length < 3) list.push(undefined)
  return list
}
