import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { diffSchemas, introspect, type SchemaChange, type SchemaModel } from '../../src/schema/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

const APP_SQL = readFileSync(new URL('./fixtures/app-schema.sql', import.meta.url), 'utf8')

/** The changes as compact `kind object[.field] risk` lines, easy to read in a failure. */
const lines = (changes: readonly SchemaChange[]) =>
  changes.map((c) => `${c.kind} ${c.object}${c.field === undefined ? '' : ` ${c.field}`} ${c.risk}`)

describe('diffSchemas', () => {
  let db: ScratchDatabase
  let before: SchemaModel
  beforeAll(async () => {
    db = await scratchDatabase()
    await db.client.query(APP_SQL)
    before = await introspect(db.client)
  })
  afterAll(async () => {
    await db?.drop()
  })

  /** Applies `sql` in a transaction, introspects, rolls back: the database stays as `before`. */
  async function schemaAfter(sql: string, options: { privileges?: boolean } = {}): Promise<SchemaModel> {
    await db.client.query('BEGIN')
    try {
      await db.client.query(sql)
      return await introspect(db.client, options)
    } finally {
      await db.client.query('ROLLBACK')
    }
  }

  test('equal schemas have no changes', async () => {
    expect(diffSchemas(before, await introspect(db.client))).toEqual([])
  })

  test('tables and columns: kinds, risk classes and messages', async () => {
    const changes = diffSchemas(
      before,
      await schemaAfter(`
        CREATE TABLE audit (id int);
        DROP TABLE billing.booking;
        ALTER TABLE tb_query ADD COLUMN note text, ADD COLUMN required int NOT NULL DEFAULT 0;
        ALTER TABLE tb_query DROP COLUMN body CASCADE;
        ALTER TABLE tb_query ALTER COLUMN price TYPE numeric(14,2);
        ALTER TABLE tb_run ALTER COLUMN parent_id SET NOT NULL;
        COMMENT ON TABLE tb_query IS 'queries';
      `),
    )
    expect(lines(changes)).toEqual([
      'table-removed billing.booking destructive',
      'table-added public.audit additive',
      'table-changed public.tb_query comment cosmetic',
      'column-removed public.tb_query.body destructive',
      'column-added public.tb_query.note additive',
      'column-changed public.tb_query.price type breaking',
      'column-added public.tb_query.required additive',
      'index-removed public.tb_query.idx_query_lower breaking',
      'column-changed public.tb_run.parent_id nullable breaking',
    ])
    const type = changes.find((c) => c.field === 'type')
    expect(type).toMatchObject({ before: 'numeric(12,2)', after: 'numeric(14,2)' })
    expect(type?.message).toBe('column public.tb_query.price: type numeric(12,2) → numeric(14,2)')
    expect(Object.isFrozen(changes)).toBe(true)
  })

  test('constraints, foreign key actions, indexes, enums, functions, policies', async () => {
    const changes = diffSchemas(
      before,
      await schemaAfter(`
        ALTER TABLE tb_run DROP CONSTRAINT tb_run_fk_query_fkey;
        ALTER TABLE tb_run ADD CONSTRAINT tb_run_fk_query_fkey FOREIGN KEY (fk_query) REFERENCES tb_query ON DELETE RESTRICT;
        ALTER TABLE tb_run ADD CONSTRAINT positive_id CHECK (id > 0);
        DROP INDEX idx_query_live;
        CREATE INDEX idx_query_live ON tb_query (created_at DESC) INCLUDE (name) WHERE deleted_at IS NOT NULL;
        ALTER TYPE mood ADD VALUE 'ecstatic';
        CREATE OR REPLACE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS 'SELECT a + b + 0';
        DROP POLICY run_owner ON tb_run;
      `),
    )
    expect(lines(changes)).toEqual([
      'enum-changed public.mood labels additive',
      'index-changed public.tb_query.idx_query_live predicate breaking',
      'foreign-key-changed public.tb_run.tb_run_fk_query_fkey onDelete breaking',
      'foreign-key-changed public.tb_run.tb_run_fk_query_fkey onUpdate breaking',
      'check-added public.tb_run.positive_id breaking',
      'policy-removed public.tb_run.run_owner breaking',
      'function-changed public.add(a integer, b integer) bodyHash breaking',
    ])
    expect(changes[2]).toMatchObject({ before: 'cascade', after: 'restrict' })
  })

  test('views, materialized views, sequences, domains, extensions and view triggers', async () => {
    const changes = diffSchemas(
      before,
      await schemaAfter(`
        CREATE OR REPLACE VIEW live_queries AS SELECT pk_query, name, body FROM tb_query WHERE deleted_at IS NULL;
        DROP MATERIALIZED VIEW query_counts;
        ALTER SEQUENCE invoice_no INCREMENT 5;
        DROP SEQUENCE tb_run_id_seq CASCADE;
        ALTER DOMAIN positive_int DROP NOT NULL;
        DROP TRIGGER trg_live_insert ON live_queries;
        DROP EXTENSION btree_gist CASCADE;
      `),
    )
    expect(lines(changes)).toEqual([
      'extension-removed btree_gist breaking',
      'domain-changed public.positive_int nullable additive',
      'sequence-removed public.tb_run_id_seq destructive',
      'sequence-changed public.invoice_no increment breaking',
      'exclusion-removed billing.booking.booking_room_during_excl breaking',
      'index-removed billing.booking.booking_room_during_excl breaking',
      'column-changed public.tb_run.id default breaking',
      'materialized-view-removed public.query_counts destructive',
      'view-changed public.live_queries definition breaking',
      'column-added public.live_queries.body additive',
      'trigger-removed public.live_queries.trg_live_insert breaking',
    ])
  })

  test('owners and grants are compared when introspected with privileges', async () => {
    const withGrants = await introspect(db.client, { privileges: true })
    const changes = diffSchemas(
      withGrants,
      await schemaAfter('GRANT SELECT ON tb_query TO PUBLIC', { privileges: true }),
    )
    expect(lines(changes)).toEqual(['table-changed public.tb_query grants breaking'])
    expect(changes[0]?.after).toContain('=r/' + String(withGrants.tables[0]?.owner))
  })

  test('ignoreColumnOrder, ignoreGeneratedNameSuffixes and ignore globs', async () => {
    const reordered = await schemaAfter(`
      ALTER TABLE tb_run DROP CONSTRAINT tb_run_query_status_key;
      ALTER TABLE tb_run DROP COLUMN parent_id;
      ALTER TABLE tb_run ADD COLUMN parent_id integer
        REFERENCES tb_run (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;
      CREATE TABLE tb_run_query_status_key (x int);
      ALTER TABLE tb_run ADD CONSTRAINT tb_run_query_status_key1 UNIQUE (fk_query, status);
      CREATE TABLE scratch_notes (id int);
    `)
    const all = lines(diffSchemas(before, reordered))
    expect(all).toContain('table-added public.scratch_notes additive')
    expect(all).toContain('unique-added public.tb_run.tb_run_query_status_key1 breaking')
    expect(all).toContain('column-changed public.tb_run.parent_id position cosmetic')
    const quiet = diffSchemas(before, reordered, {
      ignoreColumnOrder: true,
      ignoreGeneratedNameSuffixes: true,
      ignore: ['public.scratch_*', 'public.tb_run_query_status_key'],
    })
    expect(lines(quiet)).toEqual([])
  })
})
