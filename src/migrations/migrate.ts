/**
 * A small migration runner with a state table: applies pending migrations (up) or reverts
 * applied ones (down), so running it twice is a no-op. The harness uses it for `idempotent`.
 * @module
 */
import { createHash } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { Queryable } from '../internal/queryable.js'
import {
  type AppliedStep,
  applyMigrations,
  applyScript,
  type Migration,
  type MigrationHooks,
  type MigrationSet,
  migrationEnd,
  runHook,
  STATE_SCHEMA,
} from '../sql/index.js'

export type { AppliedStep } from '../sql/index.js'

/** Schema holding the runner's state table; schema comparisons ignore it. */
export { STATE_SCHEMA } from '../sql/index.js'

/** Options of `migrate`. */
export interface MigrateOptions extends MigrationHooks {
  readonly direction?: 'up' | 'down'
  /** Stop after (up) / before reverting (down) the migration with this name or id. */
  readonly to?: string
  /**
   * `false`: apply every up in order without a state table (e.g. building a template database
   * that must contain nothing but the schema). Default true.
   */
  readonly record?: boolean
}

/** What `migrate` did. */
export interface MigrateResult {
  readonly kind: 'migrate-result'
  readonly steps: readonly AppliedStep[]
}

/**
 * Applies pending migrations in order (or reverts applied ones in reverse), recording them in
 * `pgtestbed_migrations.applied`. Repeatable migrations re-run when their SQL changed.
 *
 * @example
 * const set = await readMigrations('db/migrations')
 * const { steps } = await migrate(client, set) // then: await migrate(client, set) -> no steps
 */
export async function migrate(
  session: Queryable,
  set: MigrationSet,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  if (options.record === false && (options.direction ?? 'up') === 'up') {
    const steps = await applyMigrations(session, set, options)
    return Object.freeze({ kind: 'migrate-result', steps: Object.freeze(steps) })
  }
  await session.query(`create schema if not exists ${STATE_SCHEMA}`)
  await session.query(
    `create table if not exists ${STATE_SCHEMA}.applied (id text primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())`,
  )
  const { rows } = await session.query<{ id: string; checksum: string }>(
    `select id, checksum from ${STATE_SCHEMA}.applied`,
  )
  const applied = new Map(rows.map((r) => [r.id, r.checksum]))
  const steps: AppliedStep[] = []
  if ((options.direction ?? 'up') === 'up') {
    const end = migrationEnd(set.migrations, options.to)
    const pending = set.migrations.slice(0, end).filter((m) => {
      const known = applied.get(m.id)
      return known === undefined || (m.repeatable === true && known !== checksum(m))
    })
    if (pending.length > 0 && applied.size === 0 && options.setup !== undefined) {
      await runHook(session, options.setup, 'setup hook')
    }
    for (const m of pending) {
      const started = performance.now()
      await applyScript(session, m, 'up', options)
      await session.query(
        `insert into ${STATE_SCHEMA}.applied (id, name, checksum) values ($1, $2, $3)
         on conflict (id) do update set checksum = excluded.checksum, applied_at = now()`,
        [m.id, m.name, checksum(m)],
      )
      steps.push({ id: m.id, name: m.name, direction: 'up', ms: performance.now() - started })
    }
  } else {
    const stop = options.to === undefined ? 0 : migrationEnd(set.migrations, options.to)
    for (const m of set.migrations.slice(stop).reverse()) {
      if (!applied.has(m.id) || m.repeatable === true) continue
      const started = performance.now()
      await applyScript(session, m, 'down', options)
      await session.query(`delete from ${STATE_SCHEMA}.applied where id = $1`, [m.id])
      steps.push({ id: m.id, name: m.name, direction: 'down', ms: performance.now() - started })
    }
  }
  return Object.freeze({ kind: 'migrate-result', steps: Object.freeze(steps) })
}

/** SHA-256 of a migration's up SQL, as recorded in the state table. */
export function checksum(m: Migration): string {
  return createHash('sha256').update(m.up.sql).digest('hex')
}
