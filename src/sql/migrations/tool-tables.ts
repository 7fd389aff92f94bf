/**
 * The tables migration tools keep their own state in. They are bookkeeping, not the app's
 * schema or data: schema comparisons ignore them, and emptying "every table" never touches them.
 * @module
 */

/** Table names (any schema) of common migration tools. */
export const TOOL_TABLE_NAMES: readonly string[] = [
  'alembic_version',
  'knex_migrations',
  'knex_migrations_lock',
  'pgmigrations',
  '_prisma_migrations',
  'schema_migrations',
  'flyway_schema_history',
  '_sqlx_migrations',
  '__diesel_schema_migrations',
]

/** pgtestbed's own runner keeps its state in this schema. */
export const STATE_SCHEMA = 'pgtestbed_migrations'
