import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import '../../src/schema/vitest.js'
import {
  bagEq,
  livesOk,
  ResultAssertionError,
  resultsEq,
  rowCountIs,
  setEq,
  setHas,
  throwsOk,
} from '../../src/schema/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

const DDL = `
CREATE TABLE names (id integer PRIMARY KEY, name text NOT NULL, vip boolean NOT NULL DEFAULT false);
INSERT INTO names VALUES (1, 'Anna', true), (2, 'Betty', false), (3, 'Anna', false);
`

async function failure(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ResultAssertionError)
  return (err as Error).message
}

describe('result assertions (pgTAP results_eq, set_eq, bag_eq, throws_ok, lives_ok)', () => {
  let db: ScratchDatabase
  beforeAll(async () => {
    db = await scratchDatabase()
    await db.client.query(DDL)
  })
  afterAll(async () => {
    await db?.drop()
  })

  test('results_eq: rows in order, against rows or another query; values as PostgreSQL prints them', async () => {
    await resultsEq(db.client, 'SELECT id, name, vip FROM names ORDER BY id', [
      [1, 'Anna', true],
      [2, 'Betty', false],
      [3, 'Anna', false],
    ])
    await resultsEq(db.url, 'SELECT name FROM names ORDER BY id', "VALUES ('Anna'), ('Betty'), ('Anna')")
    await resultsEq(db.client, 'SELECT id, name FROM names WHERE id = 1', [{ id: 1, name: 'Anna' }])
    expect(
      await failure(resultsEq(db.client, 'SELECT id, name FROM names ORDER BY id DESC', [[1, 'Anna']])),
    ).toBe(`ordered results of SELECT id, name FROM names ORDER BY id DESC
    Results differ beginning at row 1:
        have: (3,Anna)
        want: (1,Anna)`)
    expect(await failure(resultsEq(db.client, 'SELECT id FROM names ORDER BY id', [[1], [2]]))).toContain(
      'Results differ beginning at row 3:\n        have: (3)\n        want: NULL',
    )
  })

  test('set_eq ignores order and duplicates, bag_eq counts duplicates; failures list Extra and Missing records', async () => {
    await setEq(db.client, 'SELECT name FROM names', [['Betty'], ['Anna']])
    await bagEq(db.client, 'SELECT name FROM names', [['Anna'], ['Betty'], ['Anna']])
    await setHas(db.client, 'SELECT name FROM names', [['Anna']])
    await setHas(db.client, 'SELECT name FROM names', [['Anna'], ['Anna']], { bag: true })
    expect(await failure(bagEq(db.client, 'SELECT name FROM names', [['Anna'], ['Betty'], ['Cleo']]))).toBe(
      `bag results of SELECT name FROM names
    Extra records:
        (Anna)
    Missing records:
        (Cleo)`,
    )
    expect(await failure(setEq(db.client, 'SELECT id, name FROM names', 'SELECT 9, $$a, b$$'))).toContain(
      'Missing records:\n        (9,"a, b")',
    )
  })

  test('throws_ok by SQLSTATE and message, lives_ok, row count; an error inside a transaction rolls back to a savepoint', async () => {
    await throwsOk(db.client, "INSERT INTO names VALUES (1, 'Dup')", { sqlstate: '23505' })
    await throwsOk(db.client, 'SELECT 1/0', { sqlstate: '22012', message: 'division by zero' })
    await throwsOk(db.client, 'SELECT 1/0', { message: /division/ })
    expect(await failure(throwsOk(db.client, 'SELECT 1/0', { sqlstate: '23505' }))).toBe(
      'throws: SELECT 1/0\n    caught: 22012: division by zero\n    wanted: 23505',
    )
    expect(await failure(throwsOk(db.client, 'SELECT 1', { sqlstate: '23505' }))).toBe(
      'throws: SELECT 1\n    caught: no exception\n    wanted: 23505',
    )
    await livesOk(db.client, 'SELECT 1')
    expect(await failure(livesOk(db.client, "INSERT INTO names VALUES (1, 'Dup')"))).toContain(
      'died: 23505: duplicate key value violates unique constraint "names_pkey"',
    )
    await rowCountIs(db.client, 'SELECT * FROM names', 3)
    expect(await failure(rowCountIs(db.client, 'SELECT * FROM names WHERE vip', 0))).toContain(
      'have: 1\n    want: 0',
    )

    await db.client.query('BEGIN')
    try {
      await db.client.query("INSERT INTO names VALUES (4, 'Dora')")
      await throwsOk(db.client, "INSERT INTO names VALUES (4, 'Dup')", { sqlstate: '23505' })
      await rowCountIs(db.client, 'SELECT * FROM names', 4)
    } finally {
      await db.client.query('ROLLBACK')
    }
  })

  test('as vitest matchers, .not included', async () => {
    await expect(db.client).toHaveResults('SELECT id FROM names ORDER BY id', [[1], [2], [3]])
    await expect(db.client).toHaveResultSet('SELECT name FROM names', [['Anna'], ['Betty']])
    await expect(db.client).not.toHaveResultBag('SELECT name FROM names', [['Anna'], ['Betty']])
    await expect(db.client).toHaveResultsIncluding('SELECT name FROM names', [['Betty']])
    await expect(db.client).toHaveResultCount('SELECT * FROM names WHERE vip', 1)
    await expect(db.client).toThrowSqlState("INSERT INTO names VALUES (2, 'x')", '23505')
    await expect(db.client).toRunWithoutError('SELECT 1')
    await expect(db.client).not.toRunWithoutError('SELECT 1/0')
    await expect(expect(db.client).toHaveResultSet('SELECT name FROM names', [['Anna']])).rejects.toThrow(
      'Extra records:\n        (Betty)',
    )
  })
})
