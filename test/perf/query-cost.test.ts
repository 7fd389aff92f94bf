import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CostAssertionError, expectQueryCost, expectStatements } from '../../src/perf/query-cost.js'
import { closeStatementReaders } from '../../src/perf/statements.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

let scratch: ScratchDatabase
let db: { url: string; query: ScratchDatabase['client']['query'] }

beforeAll(async () => {
  scratch = await scratchDatabase()
  db = { url: scratch.url, query: scratch.client.query.bind(scratch.client) }
  await scratch.client.query(`
    CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
    CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, total int NOT NULL);
    CREATE INDEX orders_customer_id_idx ON orders (customer_id);
    INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g;
    INSERT INTO orders SELECT g, 1 + g % 100, g FROM generate_series(1, 20000) g;
    ANALYZE customers; ANALYZE orders;
  `)
})
afterAll(async () => {
  await closeStatementReaders()
  await scratch.drop()
})

describe('expectQueryCost', () => {
  it('measures blocks and rows, the same on every run, and checks the index', async () => {
    const lookup = () =>
      expectQueryCost(db, 'SELECT * FROM orders WHERE customer_id = $1', [7])
        .toTouchAtMost({ blocks: 250, rows: 200 })
        .toUseIndex('orders_customer_id_idx')
    const first = await lookup()
    expect(first.rows).toBe(200)
    expect(await lookup()).toEqual(first)
  })

  it('fails with the measured cost when a query scans more than allowed', async () => {
    const err = await expectQueryCost(db, 'SELECT * FROM orders WHERE total % 2 = 0')
      .toTouchAtMost({ blocks: 20 })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(err).toBeInstanceOf(CostAssertionError)
    expect((err as Error).message).toMatch(
      /^expected the query to touch at most the given amounts, but blocks: \d+ > 20\nquery: SELECT \* FROM orders WHERE total % 2 = 0/,
    )
    expect((err as CostAssertionError).cost).toMatchObject({ rows: 10000 })
  })

  it('rolls back a measured write', async () => {
    const cost = await expectQueryCost(db, 'DELETE FROM orders WHERE customer_id = $1', [3]).toTouchAtMost({
      rows: 200,
    })
    expect(cost.rows).toBe(0) // a DELETE without RETURNING returns no rows; the plan node did the work
    const { rows } = await db.query('SELECT count(*)::int AS n FROM orders WHERE customer_id = 3')
    expect(rows[0]?.['n']).toBe(200)
  })
})

describe('expectStatements', () => {
  const ordersOf = async (ids: number[]) => {
    for (const id of ids) await db.query('SELECT * FROM orders WHERE customer_id = $1', [id])
  }

  it('catches an N+1: one statement run once per row', async () => {
    const err = await expectStatements(db, () => ordersOf([1, 2, 3, 4]))
      .toRunAtMost({ perQuery: 1 })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CostAssertionError)
    expect((err as Error).message).toContain('4× (at most 1): SELECT * FROM orders WHERE customer_id = $1')
  })

  it('passes the batched version and counts only this database', async () => {
    const other = await scratchDatabase()
    try {
      const run = await expectStatements(db, async () => {
        await db.query('SELECT * FROM orders WHERE customer_id = ANY($1)', [[1, 2, 3, 4]])
        for (let i = 0; i < 5; i++) await other.client.query('SELECT 1')
      }).toRunAtMost({ calls: 1, perQuery: 1 })
      expect(run.calls).toBe(1)
    } finally {
      await other.drop()
    }
  })
})
