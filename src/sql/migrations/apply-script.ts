/**
 * Running one migration script on one session: in a transaction or not (as the format says),
 * statement by statement so a failure names its file and line, with the hooks around it.
 * @module
 */
import { failure } from '../../errors.js'
import type { Queryable } from '../../internal/queryable.js'
import { pgReason } from '../pg-error.js'
import { scriptError, scriptPieces } from '../run-script.js'
import { MigrationError } from './migration-error.js'
import type { Migration, MigrationScript } from './model.js'
import { substitutePlaceholders } from './placeholders.js'

/** SQL run around migrations, and placeholder values. */
export interface MigrationHooks {
  /** SQL run once, before the first migration, on each database migrated from empty. */
  readonly setup?: string
  /**
   * SQL run in the same session before each migration script (inside its transaction when it
   * has one), e.g. `select pg_advisory_xact_lock(42)` that a migration's trigger insists on.
   */
  readonly beforeEach?: string
  /** `${name}` placeholders replaced in migrations and hooks. */
  readonly placeholders?: Readonly<Record<string, string>>
}

/** Which script of a migration to run. */
export type ScriptRole = 'up' | 'down' | 'verify'

/**
 * Runs one script of a migration on `session` (one connection: a `pg.Client`, not a pool).
 * Throws `MigrationError` (`PGT_MIGRATION_FAILED`) naming the file and line on failure; a
 * transactional script is rolled back first.
 *
 * @example
 * await applyScript(client, set.migrations[0]!, 'up', { beforeEach: 'set lock_timeout = 5000' })
 */
export async function applyScript(
  session: Queryable,
  target: Migration,
  role: ScriptRole,
  hooks: MigrationHooks = {},
): Promise<void> {
  const chosen = role === 'up' ? target.up : role === 'down' ? target.down : target.verify
  if (chosen === undefined) return
  const sql = substitutePlaceholders(chosen.sql, hooks.placeholders)
  const beforeEach =
    hooks.beforeEach === undefined ? undefined : substitutePlaceholders(hooks.beforeEach, hooks.placeholders)
  // Unparseable text (e.g. psql meta-commands) is sent whole; the server reports the error.
  const pieces = await scriptPieces(sql, 'statements')
  // Verify scripts must not change anything: run them in a transaction that is rolled back.
  const wrap = role === 'verify' || chosen.transaction
  if (wrap) await session.query('BEGIN')
  try {
    if (beforeEach !== undefined && role !== 'verify') await runHook(session, beforeEach, 'before-each hook')
    for (const piece of pieces) {
      try {
        await session.query(piece.text)
      } catch (err) {
        throw migrationScriptError(err, target, role, chosen, sql, piece)
      }
    }
    if (wrap) await session.query(role === 'verify' ? 'ROLLBACK' : 'COMMIT')
  } catch (err) {
    if (wrap) await session.query('ROLLBACK').catch(() => undefined)
    throw err
  }
}

/**
 * Runs hook SQL (the setup or before-each SQL); a failure names the hook.
 *
 * @example
 * await runHook(client, 'create extension if not exists pgcrypto', 'setup hook')
 */
export async function runHook(session: Queryable, sql: string, label: string): Promise<void> {
  try {
    await session.query(sql)
  } catch (err) {
    throw new MigrationError(
      'PGT_MIGRATION_FAILED',
      failure(`run the ${label}`, pgReason(err), 'Fix the hook SQL (--setup / --before-each).'),
      { cause: err },
    )
  }
}

function migrationScriptError(
  err: unknown,
  target: Migration,
  role: ScriptRole,
  chosen: MigrationScript,
  sql: string,
  piece: { text: string; offset: number },
): MigrationError {
  const where = scriptError(err, sql, piece.offset, { file: chosen.file, startLine: chosen.line })
  const rolledBack = chosen.transaction || role === 'verify'
  return new MigrationError(
    'PGT_MIGRATION_FAILED',
    failure(
      `apply ${role} of migration ${target.name}`,
      `${chosen.file}:${where.line}: ${pgReason(err)}`,
      rolledBack
        ? 'Fix the SQL at that line; the script ran in a transaction and was rolled back.'
        : 'Fix the SQL at that line; the script ran outside a transaction, so statements before it stayed applied.',
    ),
    {
      file: chosen.file,
      line: where.line,
      // Only a server-reported position pins a column; otherwise the line is the statement's start.
      ...(where.column === undefined ? {} : { column: where.column }),
      migration: target.name,
      cause: err,
    },
  )
}
