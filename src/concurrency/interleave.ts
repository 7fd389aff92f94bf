/**
 * `interleave()`: runs a scripted interleaving of several sessions against a real server and
 * reports what PostgreSQL did at every step.
 * @module
 */
import { performance } from 'node:perf_hooks'
import { failure, messageOf } from '../errors.js'
import pg from '../internal/pg.js'
import { prepareControl } from './prepare-control.js'
import { buildReport } from './report.js'
import type { InterleavingReport, ScenarioSpec } from './scenario.js'
import { ScenarioError } from './scenario-error.js'
import { openSession, type Session } from './session.js'
import { runSteps } from './step-runner.js'

/** A scenario plus where to run it. */
export interface InterleaveOptions extends ScenarioSpec {
  /** URL of the database to run in (a scratch database: setup usually creates tables). */
  readonly url: string
  /**
   * Budget for the whole scenario; a step still waiting when it passes is reported as `timeout`
   * and cancelled. Default 10 000 ms. Blocking is never detected by time, only this last resort.
   */
  readonly deadlineMs?: number
  /** Aborting stops the scenario like a deadline would, closes every connection, and rejects with the reason. */
  readonly signal?: AbortSignal
}

/**
 * Runs a scenario: setup on its own connection, one connection per session, the steps in order
 * (a step waiting on a lock is detected through `pg_isolation_test_session_is_blocked`, and the
 * runner moves on), then `final` after every session closed. Connections are always closed.
 *
 * @example
 * const report = await interleave({
 *   url,
 *   setup: ['create table t (id int primary key, v int)', 'insert into t values (1, 10)'],
 *   steps: [
 *     { session: 'T1', sql: 'begin; update t set v = 11 where id = 1' },
 *     { session: 'T2', sql: 'update t set v = 12 where id = 1' },
 *     { session: 'T1', sql: 'commit' },
 *   ],
 *   final: 'select v from t',
 * })
 * report.step(1).blocked // true
 * report.step(1).unblockedBy // 2
 * report.final // [[12]]
 */
export async function interleave(options: InterleaveOptions): Promise<InterleavingReport> {
  const name = options.name ?? 'scenario'
  const deadlineMs = options.deadlineMs ?? 10_000
  const sessionSpecs = resolveSessions(options, name)
  options.signal?.throwIfAborted()
  const deadline = performance.now() + deadlineMs
  const control = new pg.Client({ connectionString: options.url, application_name: 'pgtestbed:control' })
  control.on('error', () => undefined)
  // The server's transaction status after each query ('I' idle, 'T' in a transaction, 'E' failed).
  let controlStatus = 'I'
  control.connection.on('readyForQuery', (msg: { status: string }) => {
    controlStatus = msg.status
  })
  const sessions = new Map<string, Session>()
  let outcome: Awaited<ReturnType<typeof runSteps>> | undefined
  // Session connections open while setup runs (a connection costs ~10 ms: a backend is forked).
  const opening = Promise.allSettled(sessionSpecs.map(([s]) => openSession(options.url, s)))
  try {
    await control.connect()
    await prepareControl(control, name, deadlineMs)
    await runSql(control, options.setup, (i, err) =>
      failure(
        `run the setup of scenario "${name}"`,
        `setup statement ${i + 1} failed with SQLSTATE ${codeOf(err)}: ${messageOf(err)}`,
        'Fix that statement; no step ran.',
      ),
    )
    if (controlStatus !== 'I') {
      throw new ScenarioError(
        'PGT_SCENARIO_SETUP',
        failure(
          `run the setup of scenario "${name}"`,
          'it leaves a transaction open (BEGIN without COMMIT), whose locks would block the steps for ever',
          'End the setup with COMMIT, or move the transaction into the steps.',
        ),
      )
    }
    const opened = await opening
    for (const o of opened) if (o.status === 'fulfilled') sessions.set(o.value.name, o.value)
    const refused = opened.find((o) => o.status === 'rejected')
    if (refused !== undefined) {
      throw new ScenarioError(
        'PGT_SCENARIO_SETUP',
        failure(
          `open the sessions of scenario "${name}"`,
          messageOf(refused.reason),
          'Check the URL and that the server accepts enough connections (one per session plus one).',
        ),
        { cause: refused.reason },
      )
    }
    for (const [sessionName, spec] of sessionSpecs) {
      await runSessionSetup(sessions.get(sessionName)!, spec, sessions, control, deadline, name)
    }
    outcome = await runSteps(options.steps, sessions, control, deadline, deadlineMs, options.signal)
    options.signal?.throwIfAborted()
    await closeSessions(sessions, control)
    const final = options.final === undefined ? undefined : await runFinal(control, options.final, name)
    await runSql(control, options.teardown, (i, err) =>
      failure(
        `run the teardown of scenario "${name}"`,
        `teardown statement ${i + 1} failed with SQLSTATE ${codeOf(err)}: ${messageOf(err)}`,
        'Fix that statement.',
      ),
    )
    return buildReport({
      name,
      sessions: sessionSpecs.map(([s]) => s),
      steps: outcome.steps,
      final: final?.rows ?? null,
      finalColumns: final?.columns ?? [],
      deadlocks: outcome.deadlocks,
      timedOut: outcome.timedOut,
    })
  } finally {
    await closeSessions(sessions, control).catch(() => undefined)
    // Sessions opened for a scenario whose setup failed never reached the map.
    for (const o of await opening) if (o.status === 'fulfilled') await o.value.close()
    await control.end().catch(() => undefined)
  }
}

type SessionEntry = readonly [string, { setup?: string | readonly string[] }]

/** Session names and options, checked against the steps. */
function resolveSessions(options: ScenarioSpec, name: string): SessionEntry[] {
  if (!Array.isArray(options.steps) || options.steps.length === 0) {
    throw new ScenarioError(
      'PGT_SCENARIO_INVALID',
      failure(
        `run scenario "${name}"`,
        'it has no steps',
        'Add steps: [{ session: "T1", sql: "..." }, ...].',
      ),
    )
  }
  const declared: SessionEntry[] | undefined =
    options.sessions === undefined
      ? undefined
      : Array.isArray(options.sessions)
        ? (options.sessions as readonly string[]).map((s) => [s, {}] as const)
        : Object.entries(options.sessions)
  const entries: SessionEntry[] = declared ?? []
  options.steps.forEach((step, i) => {
    if (typeof step?.session !== 'string' || step.session === '' || typeof step.sql !== 'string') {
      throw new ScenarioError(
        'PGT_SCENARIO_INVALID',
        failure(
          `run scenario "${name}"`,
          `step ${i} must have a non-empty "session" and an "sql" string`,
          'Write it as { session: "T1", sql: "..." }.',
        ),
      )
    }
    if (entries.some(([s]) => s === step.session)) return
    if (declared !== undefined) {
      throw new ScenarioError(
        'PGT_SCENARIO_INVALID',
        failure(
          `run scenario "${name}"`,
          `step ${i} names session "${step.session}", which is not among the declared sessions (${declared.map(([s]) => s).join(', ')})`,
          'Fix the session name or add it to "sessions".',
        ),
      )
    }
    entries.push([step.session, {}])
  })
  return entries
}

async function runSql(
  client: pg.Client,
  sql: string | readonly string[] | undefined,
  describe: (index: number, err: unknown) => string,
): Promise<void> {
  const list = sql === undefined ? [] : typeof sql === 'string' ? [sql] : sql
  for (const [i, text] of list.entries()) {
    try {
      await client.query(text)
    } catch (err) {
      throw new ScenarioError('PGT_SCENARIO_SETUP', describe(i, err), { cause: err })
    }
  }
}

/** Runs a session's own setup; it must not wait on another session (that would stall every step). */
async function runSessionSetup(
  session: Session,
  spec: { setup?: string | readonly string[] },
  sessions: ReadonlyMap<string, Session>,
  control: pg.Client,
  deadline: number,
  name: string,
): Promise<void> {
  const list = spec.setup === undefined ? [] : typeof spec.setup === 'string' ? [spec.setup] : spec.setup
  const pids = [...sessions.values()].map((s) => s.pid)
  for (const [i, sql] of list.entries()) {
    const flight = session.send(sql)
    while (flight.outcome === undefined) {
      const blockers = await control.query<{ pids: number[] }>(
        'select case when pg_catalog.pg_isolation_test_session_is_blocked($1, $2::int[]) then pg_catalog.pg_blocking_pids($1) end as pids',
        [session.pid, pids],
      )
      const holders = blockers.rows[0]?.pids
      if (flight.outcome !== undefined) break
      if (holders != null || performance.now() > deadline) {
        const who = [...sessions.values()].filter((s) => holders?.includes(s.pid)).map((s) => s.name)
        await control.query('select pg_cancel_backend($1)', [session.pid])
        await flight.promise
        throw new ScenarioError(
          'PGT_SCENARIO_SETUP',
          failure(
            `run the setup of session ${session.name} in scenario "${name}"`,
            holders != null
              ? `setup statement ${i + 1} waits on a lock held by session ${who.join(', ') || '(another connection)'}, so no step could ever run`
              : 'its setup did not finish before the deadline',
            'Session setup must not wait for other sessions: move that statement into a step.',
          ),
        )
      }
      await new Promise((r) => setTimeout(r, 1))
    }
    if (!flight.outcome!.ok) {
      const err = flight.outcome!.error
      throw new ScenarioError(
        'PGT_SCENARIO_SETUP',
        failure(
          `run the setup of session ${session.name} in scenario "${name}"`,
          `setup statement ${i + 1} failed with SQLSTATE ${codeOf(err)}: ${messageOf(err)}`,
          'Fix that statement; no step ran.',
        ),
        { cause: err },
      )
    }
  }
}

async function runFinal(
  control: pg.Client,
  sql: string,
  name: string,
): Promise<{ rows: unknown[][]; columns: string[] }> {
  try {
    const result = (await control.query({ text: sql, rowMode: 'array' })) as
      | pg.QueryArrayResult
      | pg.QueryArrayResult[]
    const last = (Array.isArray(result) ? result : [result]).filter((r) => r.fields.length > 0).at(-1)
    return { rows: last?.rows ?? [], columns: last?.fields.map((f) => f.name) ?? [] }
  } catch (err) {
    throw new ScenarioError(
      'PGT_SCENARIO_SETUP',
      failure(
        `run the final query of scenario "${name}"`,
        `it failed with SQLSTATE ${codeOf(err)}: ${messageOf(err)}`,
        'Fix the "final" SQL.',
      ),
      { cause: err },
    )
  }
}

/**
 * Ends whatever still runs, rolls every session back, and closes it. Safe to call twice. Stuck
 * sessions are terminated and waited for first: rolling back their blockers earlier would let a
 * stuck autocommit statement go through and commit after the scenario ended.
 */
async function closeSessions(sessions: Map<string, Session>, control: pg.Client): Promise<void> {
  const list = [...sessions.values()]
  sessions.clear()
  const stuck = list.filter((s) => s.busy)
  await Promise.all(
    stuck.map(async (s) => {
      await control.query('select pg_terminate_backend($1)', [s.pid]).catch(() => undefined)
      await s.idle()
    }),
  )
  await Promise.all(
    list.map(async (s) => {
      if (!stuck.includes(s)) await s.client.query('rollback').catch(() => undefined)
      await s.close()
    }),
  )
}

function codeOf(err: unknown): string {
  return (err as { code?: string } | undefined)?.code ?? 'none'
}
