// The schema's structure, asserted with pgtestbed's schema assertions (pgtestbed/schema): keys,
// uniques, foreign keys and what they do on delete, checks, partitions, indexes. Written before
// each Alembic revision; a failure lists every unmet expectation at once, like pgTAP.
// Run: npx pgtestbed run -- node --test schema/
import { test } from 'node:test'
import { withDatabase } from 'pgtestbed/node-test'
import { expectSchema } from 'pgtestbed/schema'

const MONTHS_2026 = Array.from(
  { length: 12 },
  (_, i) => `tb_execution_y2026m${String(i + 1).padStart(2, '0')}`,
)

test(
  'the tables, their keys and uniques',
  withDatabase(async (db) => {
    await expectSchema(db)
      .has('table', 'tb_query')
      .has('table', 'tb_endpoint')
      .has('table', 'tb_execution')
      .has('table', 'tb_health_check')
      .has('table', 'tb_schedule')
      .everyTableHasPrimaryKey()
      .table('tb_query')
      .toHaveColumns([
        { name: 'pk_query', type: 'uuid', nullable: false, default: 'gen_random_uuid()' },
        { name: 'name', type: 'varchar(255)', nullable: false },
        { name: 'query_text', type: 'text', nullable: false },
        { name: 'variables', type: 'jsonb', nullable: false, default: "'{}'::jsonb" },
        { name: 'tags', type: 'jsonb', nullable: false, default: "'[]'::jsonb" },
        { name: 'metadata', type: 'jsonb', nullable: false },
        { name: 'is_active', type: 'boolean', nullable: false, default: 'true' },
        { name: 'created_at', type: 'timestamptz', nullable: false, default: 'now()' },
      ])
      .primaryKey(['pk_query'])
      .unique(['name'])
      .check("name <> ''")
      .check("jsonb_typeof(tags) = 'array'")
      .table('tb_endpoint')
      .primaryKey(['pk_endpoint'])
      .unique(['name'])
      .column('url', { type: 'varchar(500)', nullable: false })
      .check("url ~ '^https?://'")
      .check("auth_type IN ('none', 'bearer', 'api_key', 'basic')")
      .table('tb_schedule')
      .unique(['fk_query', 'fk_endpoint', 'cron_expression'])
  }),
)

test(
  'foreign keys cascade from queries and endpoints, and every one is indexed',
  withDatabase(async (db) => {
    await expectSchema(db)
      .table('tb_execution')
      .foreignKey({ columns: ['fk_query'], references: 'tb_query', onDelete: 'cascade' })
      .foreignKey({ columns: ['fk_endpoint'], references: 'tb_endpoint', onDelete: 'cascade' })
      .table('tb_health_check')
      .foreignKey({ columns: ['fk_endpoint'], references: 'tb_endpoint', onDelete: 'cascade' })
      .table('tb_schedule')
      .foreignKey({ columns: ['fk_query'], references: 'tb_query', onDelete: 'cascade' })
      .foreignKey({ columns: ['fk_endpoint'], references: 'tb_endpoint', onDelete: 'cascade' })
      .foreignKeysIndexed()
      .allValid()
  }),
)

test(
  'executions are partitioned by month of execution_start',
  withDatabase(async (db) => {
    await expectSchema(db)
      .table('tb_execution')
      .partitioned({ strategy: 'range', key: 'execution_start' })
      .primaryKey(['pk_execution', 'execution_start'])
      .partitions(MONTHS_2026)
      .table('tb_execution_y2026m01')
      .partitionOf('tb_execution', "FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00')")
      .function('tb_execution_add_month', { arguments: 'month date', returns: 'text', language: 'plpgsql' })
  }),
)

test(
  'GIN indexes on the JSONB documents, partial indexes where the app filters',
  withDatabase(async (db) => {
    await expectSchema(db)
      .table('tb_query')
      .index({ name: 'idx_query_tags_gin', columns: ['tags'], method: 'gin' })
      .index({ name: 'idx_query_metadata_gin', columns: ['metadata'], method: 'gin' })
      .index({ name: 'idx_query_active_by_author', predicate: 'is_active' })
      .table('tb_execution')
      .index({ name: 'idx_execution_success_time', predicate: "status = 'success'" })
      .table('tb_schedule')
      .index({ name: 'idx_schedule_due', columns: ['next_run_at'], predicate: 'is_active' })
  }),
)
