/**
 * Deterministic crash points for the crash-recovery tests: with `PGTESTBED_CRASH_AT=<point>` (or
 * `<point>#<n>`, the n-th time it is reached; several separated by commas) the process SIGKILLs
 * itself there, as `kill -9` or the OOM killer would. Unset (always, outside tests), it does
 * nothing.
 * @module
 */

const reached = new Map<string, number>()

/** Points named in the code, for tests that pick one at random. */
export const CRASH_POINTS = [
  'up:claimed',
  'embedded:spawned',
  'embedded:recorded',
  'template:building',
  'template:renamed',
  'pool:cloned',
  'run:started',
] as const

export type CrashPoint = (typeof CRASH_POINTS)[number]

/** SIGKILLs this process when `PGTESTBED_CRASH_AT` names `point` (and its count is reached). */
export function crashPoint(point: CrashPoint): void {
  const wanted = process.env['PGTESTBED_CRASH_AT']
  if (wanted === undefined || wanted === '') return
  const count = (reached.get(point) ?? 0) + 1
  reached.set(point, count)
  for (const item of wanted.split(',')) {
    const [name, nth] = item.trim().split('#')
    if (name === point && count === Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL')
  }
}
