import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  expectSchema,
  introspect,
  SchemaAssertionError,
  type SchemaModel,
  toSnapshot,
} from '../../src/schema/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

const APP_SQL = readFileSync(new URL('./fixtures/app-schema.sql', import.meta.url), 'utf8')

describe('expectSchema', () => {
  let db: ScratchDatabase
  let model: SchemaModel
  beforeAll(async () => {
    db = await scratchDatabase()
    await db.client.query(APP_SQL)
    model = await introspect(db.client)
  })
  afterAll(async () => {
    await db?.drop()
  })

  test('passes on a hand-built schema covering every object kind (introspects a live connection once)', async () => {
    const result = await expectSchema(db.client)
      .schemas(['billing', 'public'])
      .tables(['events', 'events_2024', 'events_2025', 'tb_query', 'tb_run'])
      .tables(['booking'], { schema: 'billing' })
      .table('tb_query')
      .toHaveColumns([
        'pk_query',
        { name: 'name', type: 'varchar(64)', nullable: false, comment: 'display name' },
        { name: 'price', type: 'numeric(12, 2)' },
        { name: 'created_at', type: 'timestamptz', default: 'now()' },
        { name: 'name_lower', generated: 'lower(name)' },
      ])
      .column('pk_query', { type: 'int8', identity: 'always' })
      .primaryKey(['pk_query'])
      .unique(['name'])
      .check('price > 0')
      .index({ columns: ['tags'], method: 'gin' })
      .index({ name: 'idx_query_live', predicate: 'deleted_at IS NULL', include: ['name'] })
      .index({ columns: ['lower(body)'], unique: true })
      .indexedOn(['created_at'])
      .trigger('trg_touch', {
        timing: 'before',
        events: ['update', 'insert'],
        level: 'row',
        function: 'touch',
      })
      .table('tb_run')
      .foreignKey({
        columns: ['fk_query'],
        references: 'tb_query',
        onDelete: 'cascade',
        onUpdate: 'restrict',
      })
      .foreignKey({
        columns: ['parent_id'],
        references: 'public.tb_run',
        onDelete: 'set-null',
        deferrable: 'deferrable-deferred',
      })
      .check({ name: 'tb_run_status_check', expression: "status IN ('queued', 'running', 'done')" })
      .unique(['fk_query', 'status'])
      .rowLevelSecurity({ enabled: true, forced: false })
      .policiesAre(['run_owner'])
      .policy('run_owner', { command: 'select', roles: ['public'], using: "status <> 'done'" })
      .table('billing.booking')
      .exclusion({ definition: 'EXCLUDE USING gist (room WITH =, during WITH &&)' })
      .table('events')
      .partitioned({ strategy: 'range', key: 'happened_at' })
      .partitions(['events_2024', 'events_2025'])
      .table('events_2024')
      .partitionOf('events', "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')")
      .views(['live_queries'])
      .views(['query_counts'], { materialized: true })
      .enum('mood', ['sad', 'ok', 'happy'])
      .function('add', {
        arguments: 'integer, integer',
        returns: 'int',
        language: 'sql',
        volatility: 'immutable',
      })
      .function('touch', { returns: 'trigger', language: 'plpgsql' })
      .extension('btree_gist')
      .sequence('invoice_no')
      .allValid()
      .everyTableHasPrimaryKey()
      .matchesSnapshot(toSnapshot(model))
    expect(result).toEqual(model)
  })

  test('failures are collected into one report with have/want and Missing/Extra, like pgTAP', async () => {
    const error = await expectSchema(model)
      .table('tb_query')
      .toHaveColumns(['pk_query', 'email', { name: 'price', type: 'integer' }])
      .primaryKey(['id'])
      .check('price >= 0')
      .index({ name: 'idx_query_live', predicate: 'deleted_at IS NOT NULL' })
      .table('tb_run')
      .columnsAre(['id', 'fk_query', 'status'])
      .foreignKey({ columns: ['fk_query'], references: 'tb_query', onDelete: 'restrict' })
      .table('events')
      .partitioned({ strategy: 'list' })
      .partitions(['events_2024', 'events_2026'])
      .table('nope')
      .primaryKey(['id'])
      .enum('mood', ['sad', 'happy'])
      .then(
        () => undefined,
        (err: unknown) => err,
      )
    expect(error).toBeInstanceOf(SchemaAssertionError)
    expect((error as Error).message).toBe(`Schema expectations failed (10 of 14):
  ✗ public.tb_query: has columns
      Missing:
          email
      price.type
        have: numeric(12,2)
        want: integer
  ✗ public.tb_query: primary key
      have: (pk_query)
      want: (id)
  ✗ public.tb_query: check price >= 0
      have: tb_query_price_check: price > 0::numeric
      want: price >= 0
  ✗ public.tb_query: index idx_query_live
      predicate
        have: deleted_at IS NULL
        want: deleted_at IS NOT NULL
  ✗ public.tb_run: columns are
      Extra:
          parent_id
  ✗ public.tb_run: foreign key (fk_query) → tb_query
      onDelete
        have: cascade
        want: restrict
  ✗ public.events: partitioned
      strategy
        have: range
        want: list
  ✗ public.events: partitions are
      Missing:
          public.events_2026
      Extra:
          public.events_2025
  ✗ table nope
      Missing: the table does not exist
  ✗ enum public.mood
      have: ["sad","ok","happy"]
      want: ["sad","happy"]`)
    expect((error as SchemaAssertionError).problems).toHaveLength(10)
  })

  test('foreignKeysIndexed names the foreign keys no index starts with', async () => {
    await expect(expectSchema(model).table('tb_run').foreignKeysIndexed()).rejects.toThrow(
      'Missing an index for:\n          tb_run_parent_id_fkey (parent_id)',
    )
  })

  test('owner and grants (pgTAP table_owner_is / table_privs_are) need privileges: true', async () => {
    await db.client.query('GRANT SELECT, INSERT ON tb_query TO PUBLIC')
    const { rows } = await db.client.query<{ me: string }>('SELECT current_user AS me')
    const me = rows[0]?.me ?? ''
    await expectSchema(db.client, { privileges: true })
      .table('tb_query')
      .owner(me)
      .grants('public', ['insert', 'select'])
      .table('tb_run')
      .grants('public', [])
    const error = await expectSchema(db.client, { privileges: true })
      .table('tb_query')
      .grants('public', ['select', 'update'])
      .then(
        () => undefined,
        (err: unknown) => err,
      )
    expect((error as Error).message).toBe(
      'Schema expectations failed (1 of 2):\n  ✗ public.tb_query: privileges of public\n      Missing:\n          update\n      Extra:\n          insert',
    )
    await expect(expectSchema(model).table('tb_query').owner(me)).rejects.toThrow(
      'introspected without privileges: use expectSchema(db, { privileges: true })',
    )
  })

  test('an IN list on a varchar column matches how PostgreSQL prints it (col::text = ANY (ARRAY[…]::text[]))', async () => {
    const own = await scratchDatabase()
    try {
      await own.client.query(
        "CREATE TABLE endpoint (auth_type varchar(50) NOT NULL CHECK (auth_type IN ('none', 'bearer')), note varchar(20) CHECK (note NOT IN ('x', 'y')))",
      )
      await expectSchema(own.client)
        .table('endpoint')
        .check("auth_type IN ('none', 'bearer')")
        .check("note NOT IN ('x', 'y')")
      await expect(
        expectSchema(own.client).table('endpoint').check("auth_type IN ('none', 'basic')"),
      ).rejects.toThrow("want: auth_type IN ('none', 'basic')")
    } finally {
      await own.drop()
    }
  })

  test('matchesSnapshot lists the changes with their risk class', async () => {
    const changed = JSON.parse(toSnapshot(model)) as { tables: { name: string; comment: string | null }[] }
    const tbQuery = changed.tables.find((t) => t.name === 'tb_query')
    if (tbQuery) tbQuery.comment = 'old comment'
    await expect(expectSchema(model).matchesSnapshot(JSON.stringify(changed))).rejects.toThrow(
      'cosmetic: table public.tb_query: comment old comment → saved queries',
    )
  })
})
