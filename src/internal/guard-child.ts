/**
 * Children that die with their parent, even a SIGKILLed one. The child runs in its own process
 * group; a tiny guard process holds a pipe from the parent, and when the pipe closes (the parent
 * died, however) it ends the whole group: SIGTERM, then SIGKILL after a grace period. Node has no
 * PR_SET_PDEATHSIG, and a pipe's end is noticed at once, with no pid to be reused.
 * @module
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'

/** Milliseconds between SIGTERM and SIGKILL when the guard ends an orphaned group. */
const GRACE_MS = 3_000

const GUARD_SCRIPT = `
const group = Number(process.argv[1])
const grace = Number(process.argv[2])
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {})
const send = (sig) => { try { process.kill(-group, sig); return true } catch { return false } }
const end = () => {
  if (!send('SIGTERM')) process.exit(0)
  let left = Math.ceil(grace / 50)
  const timer = setInterval(() => {
    if (!send(0) || --left <= 0) { send('SIGKILL'); clearInterval(timer); process.exit(0) }
  }, 50)
}
process.stdin.on('data', () => {})
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
  options: Omit<SpawnOptions, 'detached'>,
): { child: ChildProcess; signalGroup: (signal: NodeJS.Signals) => void } {
  const child = spawn(command, args, { ...options, detached: true })
  const group = child.pid
  const signalGroup = (signal: NodeJS.Signals): void => {
    if (group === undefined) return
    try {
      process.kill(-group, signal)
    } catch {
      // the group is gone
    }
  }
  if (group === undefined) return { child, signalGroup }
  const guard = spawn(process.execPath, ['-e', GUARD_SCRIPT, String(group), String(GRACE_MS)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  })
  guard.on('error', () => undefined)
  guard.stdin?.on('error', () => undefined)
  guard.unref()
  ;(guard.stdin as unknown as { unref?: () => void } | null)?.unref?.()
  // The command ended by itself: the guard is no longer needed.
  child.once('exit', () => {
    guard.kill('SIGKILL')
  })
  return { child, signalGroup }
}
