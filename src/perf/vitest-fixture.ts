/**
 * The vitest side of `perfFixture`: wraps a whole `db` fixture function, so the integration
 * changes one line (`db: perfVitestFixture(async ({ task }, use) => { … })`). With tracking off
 * (the default) the tracking code is never loaded: each test file's process imports less.
 * @module
 */
import { perfFlag } from '../internal/perf-flag.js'
import type { TrackedDatabase, vitestTestMeta } from './track-test.js'

type VitestTask = Parameters<typeof vitestTestMeta>[0]

/**
 * Wraps a vitest fixture that reads only `task` from its context. vitest reads a fixture's
 * first parameter from its source to know what it depends on, so the returned function
 * destructures `{ task }` literally; a fixture that needs more must be wrapped differently.
 *
 * @example
 * export const test = base.extend<{ db: TestDb }>({
 *   db: perfVitestFixture(async ({ task }, use) => { ... await use(db) ... }),
 * })
 */
export function perfVitestFixture<T extends VitestTask, V extends TrackedDatabase>(
  fixture: (context: { task: T }, use: (db: V) => Promise<void>) => Promise<void>,
  configured?: () => Promise<boolean | undefined>,
): (context: { task: T }, use: (db: V) => Promise<void>) => Promise<void> {
  return async ({ task }, use) => {
    // As `trackingSettings` decides: PGTESTBED_PERF when set, else the config's `perf`.
    const enabled = perfFlag(process.env) ?? (await configured?.().catch(() => false)) === true
    if (!enabled) return fixture({ task }, use)
    const { perfFixture, vitestTestMeta } = await import('./track-test.js')
    return perfFixture(vitestTestMeta(task), (inner) => fixture({ task }, inner), use, configured)
  }
}
