import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectQuery, explainQuery, introspect, PlanAssertionError } from '../../src/schema/index.js'
// registers the matchers and their types, as users do with 'pgtestbed/schema/vitest'
import '../../src/schema/vitest.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

describe('plan assertions', () => {
  let db: ScratchDatabase
  beforeAll(async () => {
    db = await scratchDatabase()
    await db.client.query(`
      CREATE TABLE tb_item (id int PRIMARY KEY, owner int NOT NULL, name text, deleted_at timestamptz)
        WITH (autovacuum_enabled = false); -- a background vacuum would make index-only scans attractive
      CREATE INDEX idx_item_owner ON tb_item (owner);
      CREATE INDEX idx_item_live ON tb_item (name) WHERE deleted_at IS NULL;
      INSERT INTO tb_item SELECT g, g % 100, 'n' || g, NULL FROM generate_series(1, 5000) g;
      ANALYZE tb_item;
    `)
  })
  afterAll(async () => {
    await db?.drop()
  })

  test('toUseIndex / not.toSeqScan from EXPLAIN, with bind parameters, without running the query', async () => {
    const plan = await expectQuery(db.client, 'SELECT * FROM tb_item WHERE owner = $1', [7])
      .toUseIndex('idx_item_owner')
      .not.toSeqScan('tb_item')
    expect(plan.kind).toBe('query-plan')
    await expectQuery(db.client, 'SELECT * FROM tb_item WHERE name = $1 AND deleted_at IS NULL', [
      'n5',
    ]).toUseIndex('idx_item_live')
    await expectQuery(db.client, "SELECT count(*) FROM tb_item WHERE name LIKE '%x%'")
      .toSeqScan('tb_item')
      .not.toUseIndex()
  })

  test('planner settings apply to the EXPLAIN only and are restored', async () => {
    await expectQuery(db.client, 'SELECT * FROM tb_item WHERE owner > 0', [], {
      settings: { enable_seqscan: 'off' },
    }).not.toSeqScan()
    const { rows } = await db.client.query<{ v: string }>(`SELECT current_setting('enable_seqscan') AS v`)
    expect(rows[0]?.v).toBe('on')
  })

  test('on a pg.Pool, settings and EXPLAIN share one session', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 })
    try {
      await expectQuery(pool, 'SELECT * FROM tb_item WHERE owner > 0', [], {
        settings: { enable_seqscan: 'off' },
      }).not.toSeqScan()
    } finally {
      await pool.end()
    }
  })

  test('a failed plan expectation shows the query and the plan', async () => {
    const error = await expectQuery(db.url, 'SELECT * FROM tb_item WHERE name LIKE $1', ['%x%'])
      .toUseIndex('idx_item_owner')
      .then(
        () => undefined,
        (err: unknown) => err,
      )
    expect(error).toBeInstanceOf(PlanAssertionError)
    expect((error as Error).message).toBe(
      'expected the plan to use index idx_item_owner\nquery: SELECT * FROM tb_item WHERE name LIKE $1\nplan:\n  Seq Scan on tb_item',
    )
  })

  test('bad SQL is a clear error', async () => {
    await expect(explainQuery(db.client, 'SELECT * FROM nope')).rejects.toThrow(
      /^Failed to explain the query `SELECT \* FROM nope`: relation "nope" does not exist\. Check the SQL/,
    )
  })

  test('vitest matchers on a model and on a plan', async () => {
    const model = await introspect(db.client)
    expect(model).toHaveTable('tb_item')
    expect(model).not.toHaveTable('tb_nope')
    expect(model).toHaveColumns('tb_item', ['id', { name: 'owner', type: 'int', nullable: false }])
    expect(model).toHavePrimaryKey('tb_item', ['id'])
    expect(model).toHaveIndex('tb_item', { name: 'idx_item_live', predicate: 'deleted_at IS NULL' })
    expect(model).not.toHaveIndex('tb_item', { columns: ['name'], method: 'gin' })
    expect(model).toMatchSchema(model)
    expect(() => expect(model).toHavePrimaryKey('tb_item', ['owner'])).toThrow(
      'Schema expectations failed (1 of 1):\n  ✗ public.tb_item: primary key\n      have: (id)\n      want: (owner)',
    )
    const plan = await explainQuery(db.client, 'SELECT * FROM tb_item WHERE id = 3')
    expect(plan).toUseIndex('tb_item_pkey')
    expect(plan).not.toSeqScan('tb_item')
    expect(() => expect(plan).toSeqScan('tb_item')).toThrow(
      /expected the plan to seq-scan tb_item\nplan:\n {2}Index Scan using tb_item_pkey on tb_item/,
    )
  })
})
