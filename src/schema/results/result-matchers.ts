/**
 * Async matchers for what queries return or raise, on a database (connection or URL):
 * `await expect(db).toHaveResults(sql, rows)`. The same diagnostics as the plain functions.
 * @module
 */
import { type DatabaseInput, withQueryable } from '../connect.js'
import type { MatcherResult } from '../matchers.js'
import {
  compareResults,
  type ExpectedError,
  livesDetails,
  runCatching,
  textRows,
  throwsDetails,
} from './results.js'
import type { RowComparison, RowsInput } from './rows.js'

const isDatabase = (value: unknown): value is DatabaseInput =>
  typeof value === 'string' || (typeof value === 'object' && value !== null && 'query' in value)

async function verdict(
  received: unknown,
  what: string,
  details: (db: DatabaseInput) => Promise<readonly string[]>,
  negated: string,
): Promise<MatcherResult> {
  if (!isDatabase(received)) {
    return { pass: false, message: () => 'expected a database: a pg Client, Pool or connection URL' }
  }
  const lines = await details(received)
  return {
    pass: lines.length === 0,
    message: () => (lines.length === 0 ? negated : `${what}\n${lines.map((l) => `    ${l}`).join('\n')}`),
  }
}

const rows = (how: RowComparison) => (received: unknown, sql: string, want: string | RowsInput) =>
  verdict(
    received,
    `${how} results of ${sql}`,
    (db) => withQueryable(db, (q) => compareResults(q, sql, want, how)),
    `expected the ${how} results of ${sql} to differ, and they are the same`,
  )

/**
 * The result matchers; `pgtestbed/schema/vitest` registers them with the schema matchers.
 *
 * @example
 * await expect(db).toHaveResults('SELECT id FROM users ORDER BY id', [[1], [2]])   // results_eq
 * await expect(db).toHaveResultSet('SELECT name FROM users', [['Anna'], ['Betty']])   // set_eq
 * await expect(db).toThrowSqlState("INSERT INTO users VALUES (1)", '23505')       // throws_ok
 * await expect(db).not.toHaveResultBag('SELECT 1', [[2]])                             // bag_ne
 */
export const resultMatchers = {
  toHaveResults: rows('ordered'),
  toHaveResultSet: rows('set'),
  toHaveResultBag: rows('bag'),
  toHaveResultsIncluding(
    received: unknown,
    sql: string,
    want: string | RowsInput,
    options?: { bag?: boolean },
  ) {
    return rows(options?.bag === true ? 'bag-has' : 'set-has')(received, sql, want)
  },
  toHaveResultCount(received: unknown, sql: string, count: number) {
    return verdict(
      received,
      `row count of ${sql}`,
      async (db) => {
        const have = (await withQueryable(db, (q) => textRows(q, sql))).length
        return have === count ? [] : [`have: ${have}`, `want: ${count}`]
      },
      `expected ${sql} not to return ${count} rows`,
    )
  },
  toThrowSqlState(received: unknown, sql: string, sqlstate?: string, message?: string | RegExp) {
    const expected: ExpectedError = {
      ...(sqlstate === undefined ? {} : { sqlstate }),
      ...(message === undefined ? {} : { message }),
    }
    return verdict(
      received,
      `throws: ${sql}`,
      async (db) => throwsDetails(await withQueryable(db, (q) => runCatching(q, sql)), expected),
      `expected ${sql} not to raise ${sqlstate ?? 'an error'}, and it did`,
    )
  },
  toRunWithoutError(received: unknown, sql: string) {
    return verdict(
      received,
      `lives: ${sql}`,
      async (db) => livesDetails(await withQueryable(db, (q) => runCatching(q, sql))),
      `expected ${sql} to raise an error, and it ran`,
    )
  },
}

/** Types of the result matchers, to merge into vitest's `Matchers` (awaited: they are async). */
export interface ResultMatchers<R = unknown> {
  /** pgTAP `results_eq`: these rows in this order. */
  toHaveResults(sql: string, want: string | RowsInput): Promise<R>
  /** pgTAP `set_eq` (`.not`: `set_ne`). */
  toHaveResultSet(sql: string, want: string | RowsInput): Promise<R>
  /** pgTAP `bag_eq` (`.not`: `bag_ne`). */
  toHaveResultBag(sql: string, want: string | RowsInput): Promise<R>
  /** pgTAP `set_has` (`bag: true`: `bag_has`; `.not`: some of them are missing). */
  toHaveResultsIncluding(sql: string, want: string | RowsInput, options?: { bag?: boolean }): Promise<R>
  /** The number of rows (`0`: pgTAP `is_empty`). */
  toHaveResultCount(sql: string, count: number): Promise<R>
  /** pgTAP `throws_ok` (a RegExp message: `throws_like`). */
  toThrowSqlState(sql: string, sqlstate?: string, message?: string | RegExp): Promise<R>
  /** pgTAP `lives_ok`. */
  toRunWithoutError(sql: string): Promise<R>
}
