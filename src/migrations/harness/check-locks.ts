/**
 * The `locks` check: runs each migration against data (the preserve data or fixture tier,
 * loaded after `preserve.at`) and reports what it really did, statement by statement: which
 * tables it rewrote (`relfilenode` changed) and how big they were, which table locks it took and
 * how long it held each (a transactional migration holds them until its COMMIT; a second
 * session also watches `pg_locks`, which catches statements that run outside a transaction),
 * and how long it ran. Budgets turn that evidence into failures.
 * @module
 */
import { performance } from 'node:perf_hooks'
import { failure } from '../../errors.js'
import type { Migration, ScratchDatabase } from '../../sql/index.js'
import {
  applyScript,
  lineAt,
  MigrationError,
  pgReason,
  runHook,
  scriptError,
  scriptPieces,
  substitutePlaceholders,
} from '../../sql/index.js'
import { loadPreserveData, type PreserveOptions, preserveIndex } from './check-preserve.js'
import { round } from './check-up-down.js'
import { failureFrom, type HarnessContext } from './context.js'
import { LockObserver, locksOf, modeName, type Sighting, tableFacts } from './lock-observer.js'
import { type CheckFailure, type CheckReport, checkReport } from './report.js'

// Table lock modes, strongest first.
const STRENGTH = [
  'ACCESS EXCLUSIVE',
  'EXCLUSIVE',
  'SHARE ROW EXCLUSIVE',
  'SHARE',
  'SHARE UPDATE EXCLUSIVE',
  'ROW EXCLUSIVE',
  'ROW SHARE',
  'ACCESS SHARE',
]

/** Limits the `locks` check fails on. */
export interface LockBudgets {
  /** Only tables with more rows than this count (estimated after the data loads); default 0. */
  readonly minRows?: number
  /** Longest an ACCESS EXCLUSIVE lock on such a table may be held, in ms; default: no limit. */
  readonly maxAccessExclusiveMs?: number
  /** `fail`: a rewrite of such a table fails the check; default `allow` (reported only). */
  readonly rewrites?: 'allow' | 'fail'
}

/** A table lock one statement took. */
export interface LockEvidence {
  readonly table: string
  /** e.g. `ACCESS EXCLUSIVE`, `SHARE`, `SHARE UPDATE EXCLUSIVE`. */
  readonly mode: string
  /** From the statement's start until the lock was released (COMMIT, or the statement's end). */
  readonly heldMs: number
  /** Estimated rows of the table before the migration. */
  readonly rows: number
  /** True when the session had to wait for it. */
  readonly waited?: boolean
}

/** A table one statement rewrote (its storage file changed). */
export interface RewriteEvidence {
  readonly table: string
  readonly rows: number
  /** Size before the rewrite, with indexes and TOAST. */
  readonly bytes: number
}

/** What one statement did. */
export interface StatementEvidence {
  readonly line: number
  /** The statement's first line, shortened. */
  readonly sql: string
  readonly ms: number
  readonly locks: readonly LockEvidence[]
  readonly rewrites: readonly RewriteEvidence[]
}

/** What one migration did. */
export interface MigrationLockReport {
  readonly migration: string
  readonly file: string
  readonly transaction: boolean
  readonly ms: number
  readonly statements: readonly StatementEvidence[]
}

/**
 * Runs the locks check on the empty `db`: ups up to `preserve.at`, the data, then each later up
 * measured (every up when no data is given).
 *
 * @example
 * const report = await runLocks(ctx, db, { at: '002_users', data: ['seed.sql'] }, { minRows: 10000, maxAccessExclusiveMs: 1000 })
 */
export async function runLocks(
  ctx: HarnessContext,
  db: ScratchDatabase,
  preserve: PreserveOptions | undefined,
  budgets: LockBudgets = {},
): Promise<CheckReport> {
  const { migrations } = ctx.set
  const at = preserve === undefined ? -1 : preserveIndex(ctx, preserve)
  const failures: CheckFailure[] = []
  const evidence: MigrationLockReport[] = []
  const observer = await LockObserver.open(db.url)
  try {
    const pid = (await db.session.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid
    for (const [index, m] of migrations.entries()) {
      if (index <= at) {
        try {
          await applyScript(db.session, m, 'up', ctx.hooks)
          if (index === at && preserve !== undefined) {
            await loadPreserveData(ctx, db, preserve)
            // Row estimates for the budgets.
            await db.session.query('analyze')
          }
        } catch (err) {
          return checkReport([failureFrom(err, m.name, index === at ? 'data-load-failed' : 'up-failed')])
        }
        continue
      }
      let report: MigrationLockReport
      try {
        report = await measure(ctx, db, observer, pid, m)
      } catch (err) {
        failures.push(failureFrom(err, m.name, 'up-failed'))
        break
      }
      evidence.push(report)
      failures.push(...overBudget(m, report, budgets))
    }
  } finally {
    await observer.close()
  }
  return checkReport(failures, { locks: evidence })
}

/** Runs `m`'s up statement by statement, watching locks and storage files. */
async function measure(
  ctx: HarnessContext,
  db: ScratchDatabase,
  observer: LockObserver,
  pid: number,
  m: Migration,
): Promise<MigrationLockReport> {
  const { session } = db
  const sql = substitutePlaceholders(m.up.sql, ctx.hooks.placeholders)
  const transaction = m.up.transaction
  const tables = await tableFacts(session)
  const started = performance.now()
  const held = new Map<string, { statement: number; since: number }>()
  const statements: (Omit<StatementEvidence, 'locks'> & { sightings: Map<string, Sighting>; t0: number })[] =
    []
  if (transaction) await session.query('BEGIN')
  try {
    if (ctx.hooks.beforeEach !== undefined)
      await runHook(
        session,
        substitutePlaceholders(ctx.hooks.beforeEach, ctx.hooks.placeholders),
        'before-each hook',
      )
    for (const piece of await scriptPieces(sql, 'statements')) {
      const before = transaction ? tables : await tableFacts(session)
      const stop = observer.watch(pid)
      const t0 = performance.now()
      try {
        await session.query(piece.text)
      } catch (err) {
        await stop()
        const where = scriptError(err, sql, piece.offset, { file: m.up.file, startLine: m.up.line })
        throw new MigrationError(
          'PGT_MIGRATION_FAILED',
          failure(
            `apply up of migration ${m.name}`,
            `${m.up.file}:${where.line}: ${pgReason(err)}`,
            'Fix the SQL at that line.',
          ),
          { file: m.up.file, line: where.line, migration: m.name, cause: err },
        )
      }
      const ms = performance.now() - t0
      const sightings = await stop()
      const line = m.up.line + lineAt(sql, piece.offset).line - 1
      if (transaction) {
        // Locks stay until COMMIT: what is held now and was not before came from this statement.
        for (const lock of await locksOf(session, pid)) {
          const key = `${lock.table} ${lock.mode}`
          if (!held.has(key)) held.set(key, { statement: statements.length, since: t0 })
        }
      }
      const after = await tableFacts(session)
      const rewrites = [...after.values()]
        .filter((t) => {
          const was = before.get(t.table)
          return was !== undefined && was.filenode !== t.filenode
        })
        .map((t) => ({ table: t.table, rows: before.get(t.table)!.rows, bytes: before.get(t.table)!.bytes }))
      statements.push({
        line,
        sql: piece.text.split('\n')[0]!.slice(0, 80),
        ms: round(ms),
        rewrites,
        sightings,
        t0,
      })
    }
    if (transaction) await session.query('COMMIT')
  } catch (err) {
    if (transaction) await session.query('ROLLBACK').catch(() => undefined)
    throw err
  }
  const ended = performance.now()
  const rowsOf = (table: string) => tables.get(table)?.rows ?? 0
  return {
    migration: m.name,
    file: m.up.file,
    transaction,
    ms: round(ended - started),
    statements: statements.map(({ sightings, t0, ...s }, i) => {
      const locks = new Map<string, LockEvidence>()
      // Held in the transaction: from the statement's start until COMMIT.
      for (const [key, h] of held) {
        if (h.statement !== i) continue
        const [table, mode] = key.split(' ') as [string, string]
        locks.set(key, { table, mode: modeName(mode), heldMs: round(ended - h.since), rows: rowsOf(table) })
      }
      // Seen by the observer (outside a transaction, the only evidence): at least as long as seen.
      for (const [key, seen] of sightings) {
        if (locks.has(key) || [...held.keys()].includes(key)) continue
        locks.set(key, {
          table: seen.table,
          mode: modeName(seen.mode),
          heldMs: round(transaction ? ended - t0 : Math.max(seen.lastMs - seen.firstMs, 0) || s.ms),
          rows: rowsOf(seen.table),
          ...(seen.waited ? { waited: true } : {}),
        })
      }
      const byStrength = (a: LockEvidence, b: LockEvidence) =>
        a.table.localeCompare(b.table) || STRENGTH.indexOf(a.mode) - STRENGTH.indexOf(b.mode)
      return { ...s, locks: [...locks.values()].sort(byStrength) }
    }),
  }
}

/** Failures for evidence over the budgets. */
function overBudget(m: Migration, report: MigrationLockReport, budgets: LockBudgets): CheckFailure[] {
  const minRows = budgets.minRows ?? 0
  const out: CheckFailure[] = []
  for (const s of report.statements) {
    for (const lock of s.locks) {
      if (
        budgets.maxAccessExclusiveMs !== undefined &&
        lock.mode === 'ACCESS EXCLUSIVE' &&
        lock.rows > minRows &&
        lock.heldMs > budgets.maxAccessExclusiveMs
      ) {
        out.push({
          migration: m.name,
          kind: 'lock-budget',
          file: report.file,
          line: s.line,
          details: `${s.sql}: held ACCESS EXCLUSIVE on ${lock.table} (~${lock.rows} rows) for ${lock.heldMs} ms; the budget is ${budgets.maxAccessExclusiveMs} ms on tables over ${minRows} rows. Shorten the transaction, split the migration, or use a form that takes a weaker lock.`,
        })
      }
    }
    for (const rewrite of s.rewrites) {
      if (budgets.rewrites === 'fail' && rewrite.rows > minRows) {
        out.push({
          migration: m.name,
          kind: 'table-rewrite',
          file: report.file,
          line: s.line,
          details: `${s.sql}: rewrote ${rewrite.table} (~${rewrite.rows} rows, ${rewrite.bytes} bytes) under ACCESS EXCLUSIVE. Use a form that does not rewrite (e.g. add the column without a volatile default, then backfill in batches).`,
        })
      }
    }
  }
  return out
}
