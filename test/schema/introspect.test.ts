import { readFileSync } from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Queryable } from '../../src/internal/queryable.js'
import {
  INTROSPECTION_QUERY_COUNT,
  introspect,
  type SchemaModel,
  type Table,
} from '../../src/schema/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

const APP_SQL = readFileSync(new URL('./fixtures/app-schema.sql', import.meta.url), 'utf8')

function counting(q: Queryable): Queryable & { count: number } {
  const wrapper = {
    count: 0,
    query(text: string, params?: readonly unknown[]) {
      wrapper.count++
      return q.query(text, params)
    },
  }
  return wrapper as Queryable & { count: number }
}

describe('introspect', () => {
  let db: ScratchDatabase
  let model: SchemaModel
  const table = (name: string): Table => {
    const found = model.tables.find((t) => `${t.schema}.${t.name}` === name)
    if (found === undefined) throw new Error(`no table ${name}`)
    return found
  }
  beforeAll(async () => {
    db = await scratchDatabase()
    await db.client.query(APP_SQL)
    model = await introspect(db.client)
  })
  afterAll(async () => {
    await db?.drop()
  })

  test('returns a frozen, kind-tagged model sorted by schema and name', () => {
    expect(model.kind).toBe('schema-model')
    expect(Object.isFrozen(model)).toBe(true)
    expect(Object.isFrozen(model.tables[0]?.columns[0])).toBe(true)
    expect(model.schemas.map((s) => s.name)).toEqual(['billing', 'public'])
    expect(model.tables.map((t) => `${t.schema}.${t.name}`)).toEqual([
      'billing.booking',
      'public.events',
      'public.events_2024',
      'public.events_2025',
      'public.tb_query',
      'public.tb_run',
    ])
  })

  test('columns carry type with modifiers, nullability, default, identity and generation', () => {
    const columns = Object.fromEntries(table('public.tb_query').columns.map((c) => [c.name, c]))
    expect(columns['pk_query']).toMatchObject({
      position: 1,
      type: 'bigint',
      nullable: false,
      identity: 'always',
    })
    expect(columns['name']).toMatchObject({
      type: 'character varying(64)',
      nullable: false,
      comment: 'display name',
    })
    expect(columns['price']?.type).toBe('numeric(12,2)')
    expect(columns['created_at']).toMatchObject({ type: 'timestamp with time zone', default: 'now()' })
    expect(columns['tags']).toMatchObject({ type: 'text[]', default: "'{}'::text[]" })
    expect(columns['mood']).toMatchObject({ type: 'mood', default: "'ok'::mood" })
    expect(columns['name_lower']).toMatchObject({ generated: 'lower(name::text)', default: null })
    expect(table('public.tb_query').comment).toBe('saved queries')
  })

  test('keys and constraints: primary key, unique, foreign keys with actions, checks, exclusions', () => {
    const run = table('public.tb_run')
    expect(run.primaryKey).toMatchObject({ name: 'tb_run_pkey', columns: ['id'] })
    expect(run.uniques).toEqual([
      expect.objectContaining({ name: 'tb_run_query_status_key', columns: ['fk_query', 'status'] }),
    ])
    expect(run.foreignKeys).toEqual([
      expect.objectContaining({
        columns: ['fk_query'],
        references: 'public.tb_query',
        referencedColumns: ['pk_query'],
        onDelete: 'cascade',
        onUpdate: 'restrict',
        deferrable: 'not-deferrable',
      }),
      expect.objectContaining({
        columns: ['parent_id'],
        onDelete: 'set-null',
        deferrable: 'deferrable-deferred',
      }),
    ])
    expect(run.checks[0]).toMatchObject({
      name: 'tb_run_status_check',
      expression: "status = ANY (ARRAY['queued'::text, 'running'::text, 'done'::text])",
      columns: ['status'],
    })
    expect(table('billing.booking').exclusions[0]?.definition).toBe(
      'EXCLUDE USING gist (room WITH =, during WITH &&)',
    )
  })

  test('indexes: method, expressions, order, INCLUDE, predicate, backing constraint', () => {
    const indexes = Object.fromEntries(table('public.tb_query').indexes.map((i) => [i.name, i]))
    expect(indexes['idx_query_tags']).toMatchObject({ method: 'gin', unique: false })
    expect(indexes['idx_query_live']).toMatchObject({
      elements: [{ expression: 'created_at', isExpression: false, descending: true, nullsFirst: true }],
      include: ['name'],
      predicate: 'deleted_at IS NULL',
    })
    expect(indexes['idx_query_lower']).toMatchObject({
      unique: true,
      elements: [expect.objectContaining({ expression: 'lower(body)', isExpression: true })],
    })
    expect(indexes['tb_query_pkey']).toMatchObject({ primary: true, constraint: 'tb_query_pkey' })
  })

  test('partitioned tables with strategy and key, partitions with bounds', () => {
    expect(table('public.events')).toMatchObject({
      tableKind: 'partitioned',
      partitioning: { strategy: 'range', key: 'happened_at' },
    })
    expect(table('public.events_2024').partitionOf).toEqual({
      parent: 'public.events',
      bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    })
  })

  test('triggers, row-level security and policies', () => {
    expect(table('public.tb_query').triggers[0]).toMatchObject({
      name: 'trg_touch',
      timing: 'before',
      events: ['insert', 'update'],
      level: 'row',
      function: 'public.touch',
    })
    const run = table('public.tb_run')
    expect(run.rowLevelSecurity).toEqual({ enabled: true, forced: false })
    expect(run.policies[0]).toMatchObject({
      name: 'run_owner',
      command: 'select',
      roles: ['public'],
      using: "status <> 'done'::text",
    })
  })

  test('views, materialized views, sequences, types, functions and extensions', () => {
    expect(model.views.map((v) => [v.name, v.materialized])).toEqual([
      ['live_queries', false],
      ['query_counts', true],
    ])
    expect(model.views[0]?.definition).toContain('WHERE deleted_at IS NULL')
    expect(model.views[1]?.indexes[0]?.name).toBe('idx_query_counts')
    expect(model.views[0]?.triggers[0]).toMatchObject({
      name: 'trg_live_insert',
      timing: 'instead-of',
      events: ['insert'],
    })
    expect(model.sequences.map((s) => [s.name, s.start, s.increment, s.ownedBy])).toEqual([
      ['invoice_no', '1000', '10', null],
      ['tb_run_id_seq', '1', '1', 'public.tb_run.id'],
    ])
    expect(model.types.map((t) => [t.kind, t.name])).toEqual([
      ['composite', 'address'],
      ['range', 'float_range'],
      ['enum', 'mood'],
      ['domain', 'positive_int'],
    ])
    expect(model.types.find((t) => t.kind === 'enum')).toMatchObject({ labels: ['sad', 'ok', 'happy'] })
    expect(model.types.find((t) => t.kind === 'domain')).toMatchObject({
      baseType: 'integer',
      nullable: false,
      checks: [{ name: 'positive_int_check', expression: '(VALUE > 0)' }],
    })
    // range constructors belong to the range type, extension functions to the extension
    expect(model.functions.map((f) => f.signature)).toEqual([
      'add(a integer, b integer)',
      'live_queries_insert()',
      'touch()',
    ])
    expect(model.functions[0]).toMatchObject({
      language: 'sql',
      volatility: 'immutable',
      strict: true,
      returns: 'integer',
    })
    expect(model.functions[0]?.bodyHash).toMatch(/^[0-9a-f]{32}$/)
    expect(model.extensions.map((e) => e.name)).toEqual(['btree_gist', 'plpgsql'])
  })

  test('the schemas option limits what is read; privileges are opt-in', async () => {
    const billing = await introspect(db.client, { schemas: ['billing'], privileges: true })
    expect(billing.tables.map((t) => t.name)).toEqual(['booking'])
    expect(billing.tables[0]?.owner).toBeTypeOf('string')
    expect(model.tables[0]).not.toHaveProperty('owner')
  })

  test('accepts a URL and runs a fixed number of queries however many tables there are', async () => {
    const fromUrl = await introspect(db.url)
    expect(fromUrl).toEqual(model)
    const small = counting(db.client)
    await introspect(small)
    await db.client.query(
      Array.from(
        { length: 30 },
        (_, i) => `CREATE TABLE extra_${i} (id int PRIMARY KEY, ref int REFERENCES tb_run (id))`,
      ).join(';'),
    )
    const large = counting(db.client)
    const bigger = await introspect(large)
    expect(bigger.tables.length).toBe(model.tables.length + 30)
    expect(small.count).toBe(INTROSPECTION_QUERY_COUNT)
    expect(large.count).toBe(INTROSPECTION_QUERY_COUNT)
  })

  test('a pg.Pool runs the catalog queries in parallel and gives the same model', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 3 })
    try {
      expect(await introspect(pool)).toEqual(await introspect(db.client))
    } finally {
      await pool.end()
    }
  })

  test('catalog queries are prepared once per pg connection and survive DEALLOCATE ALL', async () => {
    await introspect(db.client)
    const { rows } = await db.client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'pgtestbed_schema_%'",
    )
    expect(rows[0]?.n).toBe(INTROSPECTION_QUERY_COUNT)
    await db.client.query('DEALLOCATE ALL')
    expect(await introspect(db.client)).toEqual(await introspect(db.client, { prepare: false }))
  })

  test('a connection failure names the URL without its password and says how to fix it', async () => {
    await expect(introspect('postgres://user:secret@127.0.0.1:1/nope')).rejects.toMatchObject({
      code: 'PGT_INTROSPECT',
      message: expect.stringMatching(
        /^Failed to connect to postgres:\/\/user:\*\*\*@127\.0\.0\.1:1\/nope: .*Check the URL/,
      ),
    })
  })
})
