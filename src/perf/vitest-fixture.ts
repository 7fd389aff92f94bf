/**
 * The vitest side of `perfFixture`: wraps a whole `db` fixture function, so the integration
 * changes one line (`db: perfVitestFixture(async ({ task }, use) => { … })`).
 * @module
 */
import { perfFixture, type TrackedDatabase, vitestTestMeta } from './track-test.js'

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
  return async ({ task }, use) =>
    perfFixture(vitestTestMeta(task), (inner) => fixture({ task }, inner), use, configured)
}
