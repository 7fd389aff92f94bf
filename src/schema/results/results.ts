/**
 * Assertions on what queries return or raise, pgTAP's `results_eq`, `set_eq`, `bag_eq`,
 * `set_has`, `bag_has`, `is_empty`, `throws_ok`, `throws_like` and `lives_ok`: plain async
 * functions that reject with a `ResultAssertionError` (have/want diagnostics), and the checks the
 * matchers share. Inside an open transaction an expected error is caught at a savepoint, so the
 * transaction goes on.
 * @module
 */
import type { Queryable } from '../../internal/queryable.js'
import { type DatabaseInput, withQueryable } from '../connect.js'
import { compareRows, type RowComparison, type RowsInput, type TextRow, toText, toTextRows } from './rows.js'

/**
 * Thrown by the result assertions; `title` and `details` hold the failure as data.
 *
 * @example
 * await resultsEq(db, 'SELECT 1', [[2]]).catch((e) => console.log(e.details)) // ['Results differ…', …]
 */
export class ResultAssertionError extends Error {
  readonly title: string
  readonly details: readonly string[]

  constructor(title: string, details: readonly string[]) {
    super(`${title}\n${details.map((d) => `    ${d}`).join('\n')}`)
    this.name = 'ResultAssertionError'
    this.title = title
    this.details = details
  }
}

/** What a statement is expected to raise: SQLSTATE and/or message (exact text or a pattern). */
export interface ExpectedError {
  readonly sqlstate?: string
  readonly message?: string | RegExp
}

type PgConfigQuery = Queryable & {
  query(config: {
    text: string
    values?: readonly unknown[]
    rowMode: 'array'
    types: { getTypeParser: () => (value: string) => string }
  }): Promise<{ rows: unknown[][] }>
}

const isPg = (q: Queryable): boolean => 'connectionParameters' in q || ('totalCount' in q && 'options' in q)
const rawText = { getTypeParser: () => (value: string) => value }

/** Runs `sql` and returns its rows as PostgreSQL's text output. */
export async function textRows(
  q: Queryable,
  sql: string,
  params: readonly unknown[] = [],
): Promise<TextRow[]> {
  if (isPg(q)) {
    const result = await (q as unknown as PgConfigQuery).query({
      text: sql,
      values: params,
      rowMode: 'array',
      types: rawText,
    })
    return result.rows.map((row) => row.map(toText))
  }
  const result = await q.query(sql, params)
  return result.rows.map((row) => Object.values(row).map(toText))
}

const short = (sql: string) => {
  const line = sql.replace(/\s+/g, ' ').trim()
  return line.length > 60 ? `${line.slice(0, 57)}...` : line
}

/** Detail lines comparing `have` (SQL) with `want` (SQL or rows); empty when they agree. */
export async function compareResults(
  q: Queryable,
  have: string,
  want: string | RowsInput,
  how: RowComparison,
): Promise<string[]> {
  const haveRows = await textRows(q, have)
  const wantRows = typeof want === 'string' ? await textRows(q, want) : toTextRows(want)
  return compareRows(haveRows, wantRows, how)
}

interface Outcome {
  readonly error: { readonly code?: string; readonly message: string } | null
}

/** Runs `sql`; an error is returned, not thrown, and rolled back to a savepoint inside a transaction. */
export async function runCatching(q: Queryable, sql: string): Promise<Outcome> {
  const client = isPg(q) && !('totalCount' in q)
  let savepoint = false
  if (client) {
    try {
      await q.query('SAVEPOINT pgtestbed_result')
      savepoint = true
    } catch {
      // 25P01: not in a transaction block — nothing to protect
    }
  }
  try {
    await q.query(sql)
    if (savepoint) await q.query('RELEASE SAVEPOINT pgtestbed_result')
    return { error: null }
  } catch (err) {
    if (savepoint) await q.query('ROLLBACK TO SAVEPOINT pgtestbed_result; RELEASE SAVEPOINT pgtestbed_result')
    const e = err as { code?: string; message?: string }
    return { error: { ...(e.code === undefined ? {} : { code: e.code }), message: e.message ?? String(err) } }
  }
}

/** Detail lines of `throws_ok`: empty when `sql` raised the expected error. */
export function throwsDetails(outcome: Outcome, expected: ExpectedError): string[] {
  const want = [expected.sqlstate, expected.message === undefined ? undefined : String(expected.message)]
    .filter((x) => x !== undefined)
    .join(': ')
  if (outcome.error === null) return ['caught: no exception', `wanted: ${want || 'an exception'}`]
  const { code, message } = outcome.error
  const stateOk = expected.sqlstate === undefined || expected.sqlstate === code
  const messageOk =
    expected.message === undefined ||
    (typeof expected.message === 'string' ? expected.message === message : expected.message.test(message))
  return stateOk && messageOk ? [] : [`caught: ${code ?? '?????'}: ${message}`, `wanted: ${want}`]
}

/** Detail lines of `lives_ok`: empty when `sql` ran without error. */
export function livesDetails(outcome: Outcome): string[] {
  return outcome.error === null ? [] : [`died: ${outcome.error.code ?? '?????'}: ${outcome.error.message}`]
}

async function assertRows(db: DatabaseInput, have: string, want: string | RowsInput, how: RowComparison) {
  const details = await withQueryable(db, (q) => compareResults(q, have, want, how))
  if (details.length > 0) throw new ResultAssertionError(`${how} results of ${short(have)}`, details)
}

/**
 * The query returns exactly these rows in this order (pgTAP `results_eq`). `want` is SQL or rows;
 * values compare as PostgreSQL prints them (`[[1, 'Anna', true]]` = `(1,Anna,t)`).
 *
 * @example
 * await resultsEq(db, 'SELECT id, name FROM users ORDER BY id', [[1, 'Anna'], [2, 'Betty']])
 */
export function resultsEq(db: DatabaseInput, have: string, want: string | RowsInput): Promise<void> {
  return assertRows(db, have, want, 'ordered')
}

/**
 * The same rows in any order, duplicates ignored (pgTAP `set_eq`).
 *
 * @example
 * await setEq(db, 'SELECT name FROM users', 'SELECT unnest(ARRAY[$$Anna$$, $$Betty$$])')
 */
export function setEq(db: DatabaseInput, have: string, want: string | RowsInput): Promise<void> {
  return assertRows(db, have, want, 'set')
}

/**
 * The same rows in any order, duplicates counted (pgTAP `bag_eq`).
 *
 * @example
 * await bagEq(db, 'SELECT status FROM runs', [['done'], ['done'], ['queued']])
 */
export function bagEq(db: DatabaseInput, have: string, want: string | RowsInput): Promise<void> {
  return assertRows(db, have, want, 'bag')
}

/**
 * At least these rows, duplicates ignored (pgTAP `set_has`; `bag_has` with `{ bag: true }`).
 *
 * @example
 * await setHas(db, 'SELECT name FROM users', [['Anna']])
 */
export function setHas(
  db: DatabaseInput,
  have: string,
  want: string | RowsInput,
  options: { bag?: boolean } = {},
): Promise<void> {
  return assertRows(db, have, want, options.bag === true ? 'bag-has' : 'set-has')
}

/**
 * The query returns `count` rows (`is_empty` for 0).
 *
 * @example
 * await rowCountIs(db, 'SELECT * FROM users WHERE deleted_at IS NOT NULL', 0)
 */
export async function rowCountIs(db: DatabaseInput, sql: string, count: number): Promise<void> {
  const have = (await withQueryable(db, (q) => textRows(q, sql))).length
  if (have !== count)
    throw new ResultAssertionError(`row count of ${short(sql)}`, [`have: ${have}`, `want: ${count}`])
}

/**
 * The statement raises an error with this SQLSTATE and/or message (pgTAP `throws_ok`; a RegExp
 * message is `throws_like`). Inside a transaction the error is rolled back to a savepoint.
 *
 * @example
 * await throwsOk(db, "INSERT INTO users (email) VALUES ('a@b.c')", { sqlstate: '23505' })
 */
export async function throwsOk(db: DatabaseInput, sql: string, expected: ExpectedError = {}): Promise<void> {
  const details = throwsDetails(await withQueryable(db, (q) => runCatching(q, sql)), expected)
  if (details.length > 0) throw new ResultAssertionError(`throws: ${short(sql)}`, details)
}

/**
 * The statement runs without error (pgTAP `lives_ok`).
 *
 * @example
 * await livesOk(db, "INSERT INTO users (email) VALUES ('new@b.c')")
 */
export async function livesOk(db: DatabaseInput, sql: string): Promise<void> {
  const details = livesDetails(await withQueryable(db, (q) => runCatching(q, sql)))
  if (details.length > 0) throw new ResultAssertionError(`lives: ${short(sql)}`, details)
}
