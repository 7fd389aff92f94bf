/** The app's allocation SQL, on a pg.Pool: funds with budgets, allocations drawn on them. */
import type pg from 'pg'

export interface Allocation {
  readonly id: number
  readonly fundId: number
  readonly project: string
  readonly amountCents: number
  readonly status: 'pending' | 'approved' | 'cancelled'
}

/** Thrown when an allocation would take a fund past its budget (an app rule, not a constraint). */
export class OverBudgetError extends Error {
  constructor(
    readonly fundId: number,
    readonly remainingCents: number,
  ) {
    super(`fund ${fundId} has ${remainingCents} cents left`)
  }
}

const COLUMNS = `id::int, fund_id::int AS "fundId", project, amount_cents::int AS "amountCents", status`

export function createAllocations(pool: pg.Pool) {
  return {
    async createFund(code: string, budgetCents: number): Promise<number> {
      const { rows } = await pool.query<{ id: number }>(
        'INSERT INTO funds (code, budget_cents) VALUES ($1, $2) RETURNING id::int',
        [code, budgetCents],
      )
      return rows[0]!.id
    },

    /**
     * Allocates within the fund's budget, at READ COMMITTED. Without the fund's row lock two
     * allocations can both read the same remaining budget and both commit (the write skew of
     * test/isolation.test.ts, which shows what each isolation level does about it).
     */
    async allocate(input: { fundId: number; project: string; amountCents: number }): Promise<Allocation> {
      const client = await pool.connect()
      let failure: Error | undefined
      // A connection that dies while checked out emits 'error' on the client (the pool listens
      // only to idle ones); without a listener that error would crash the process.
      const onError = (err: Error) => {
        failure = err
      }
      client.on('error', onError)
      try {
        await client.query('BEGIN')
        // Lock the fund first, then sum in a second statement: at READ COMMITTED each statement
        // takes a new snapshot, so this one sees allocations committed while we waited for the
        // lock (in the same statement as the FOR UPDATE it would not: test/isolation.test.ts).
        await client.query('SELECT 1 FROM funds WHERE id = $1 FOR UPDATE', [input.fundId])
        const { rows } = await client.query<{ remaining: string }>(
          `SELECT f.budget_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a
                   WHERE a.fund_id = f.id AND a.status <> 'cancelled'), 0) AS remaining
             FROM funds f WHERE f.id = $1`,
          [input.fundId],
        )
        // An unknown fund falls through to the INSERT, where the foreign key refuses it (23503).
        const remaining = rows[0] === undefined ? undefined : Number(rows[0].remaining)
        if (remaining !== undefined && input.amountCents > remaining) {
          throw new OverBudgetError(input.fundId, remaining)
        }
        const inserted = await client.query<Allocation>(
          `INSERT INTO allocations (fund_id, project, amount_cents) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
          [input.fundId, input.project, input.amountCents],
        )
        await client.query('COMMIT')
        return inserted.rows[0]!
      } catch (err) {
        failure = err as Error
        await client.query('ROLLBACK').catch(() => undefined)
        throw err
      } finally {
        // A client that failed is discarded rather than reused (its connection may be dead).
        client.off('error', onError)
        client.release(failure)
      }
    },

    async get(id: number): Promise<Allocation | undefined> {
      const { rows } = await pool.query<Allocation>(`SELECT ${COLUMNS} FROM allocations WHERE id = $1`, [id])
      return rows[0]
    },

    async listByFund(fundId: number): Promise<Allocation[]> {
      const { rows } = await pool.query<Allocation>(
        `SELECT ${COLUMNS} FROM allocations WHERE fund_id = $1 ORDER BY id`,
        [fundId],
      )
      return rows
    },

    async setStatus(id: number, status: Allocation['status']): Promise<Allocation | undefined> {
      const { rows } = await pool.query<Allocation>(
        `UPDATE allocations SET status = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, status],
      )
      return rows[0]
    },

    async remove(id: number): Promise<boolean> {
      const { rowCount } = await pool.query('DELETE FROM allocations WHERE id = $1', [id])
      return rowCount === 1
    },

    async removeFund(id: number): Promise<void> {
      await pool.query('DELETE FROM funds WHERE id = $1', [id])
    },
  }
}
