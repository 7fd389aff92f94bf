/**
 * Per-test rollback mode for suites that share one database: each test runs inside a transaction
 * that is rolled back at the end, and the application's own BEGIN / COMMIT / ROLLBACK become
 * SAVEPOINT / RELEASE / ROLLBACK TO on the same connection. Cheap (~0.1 ms per test) but blind to
 * everything that needs a real commit: see docs/concurrency.md for what it cannot cover.
 * @module
 */
import { failure } from '../errors.js'
import pg from '../internal/pg.js'
import { ScenarioError } from './scenario-error.js'

/** Options of `startRollbackMode`. */
export interface RollbackModeOptions {
  /** Database URL; the mode opens (and closes) its own connection. */
  readonly url: string
  /**
   * What to do when the app asks for an isolation level or access mode (`BEGIN ISOLATION LEVEL
   * SERIALIZABLE`, `SET TRANSACTION …`): a savepoint cannot have one. Default `reject` (throws,
   * so a test never silently runs at the wrong level); `ignore` runs the savepoint anyway.
   */
  readonly transactionModes?: 'reject' | 'ignore'
  /**
   * A failed statement outside an app transaction would abort the whole test transaction (25P02
   * for every later statement). `recover` (default) wraps such statements in a savepoint so the
   * test goes on as with autocommit; `poison` skips that (one round trip instead of three).
   */
  readonly statementErrors?: 'recover' | 'poison'
}

/** The client handed to the application: `query` like pg's, plus `connect()`/`release()` for pool-shaped code. */
export interface RollbackClient {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string | pg.QueryConfig,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<R>>
  /** Returns this client (pool-shaped code calls `pool.connect()`). */
  connect(): Promise<RollbackClient & { release(): void }>
  /** Does nothing: the mode owns the connection. */
  release(): void
  /** Does nothing: the mode owns the connection. */
  end(): Promise<void>
}

/** A started rollback mode. */
export interface RollbackMode extends AsyncDisposable {
  readonly client: RollbackClient
  /** Starts a test: opens the outer transaction. */
  begin(): Promise<void>
  /** Ends a test: rolls back everything it did, including the app's "committed" transactions. */
  rollback(): Promise<void>
  /** Rolls back and closes the connection. Safe to call twice. */
  close(): Promise<void>
}

const SAVEPOINT = 'pgtestbed_tx'
const AUTO = 'pgtestbed_stmt'

/**
 * Opens one connection and returns a client whose transactions are savepoints inside a
 * per-test transaction.
 *
 * @example
 * const mode = await startRollbackMode({ url: process.env.DATABASE_URL! })
 * beforeEach(() => mode.begin())
 * afterEach(() => mode.rollback())
 * afterAll(() => mode.close())
 * test('signup', async () => { await signup(mode.client, 'a@example.com') })
 */
export async function startRollbackMode(options: RollbackModeOptions): Promise<RollbackMode> {
  const conn = new pg.Client({ connectionString: options.url, application_name: 'pgtestbed:rollback-mode' })
  conn.on('error', () => undefined)
  await conn.connect()
  const modes = options.transactionModes ?? 'reject'
  const recover = (options.statementErrors ?? 'recover') === 'recover'
  let inTest = false
  let inAppTx = false
  let appTxFailed = false
  let closed = false
  let chain: Promise<unknown> = Promise.resolve()

  // One statement (or rewrite of three) at a time: the app may fire queries concurrently.
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(fn, fn)
    chain = run.catch(() => undefined)
    return run
  }

  function fake(command: string): pg.QueryResult {
    return { command, rowCount: null, oid: 0, rows: [], fields: [] }
  }

  function rejectMode(text: string): void {
    if (modes === 'ignore') return
    throw new ScenarioError(
      'PGT_SCENARIO_INVALID',
      failure(
        `run "${text.trim()}" in rollback mode`,
        'a savepoint inside the per-test transaction cannot have its own isolation level or access mode',
        'Test isolation semantics with an isolated database per test (createTestbed / interleave), or pass transactionModes: "ignore".',
      ),
    )
  }

  async function run(query: string | pg.QueryConfig, values?: readonly unknown[]): Promise<pg.QueryResult> {
    if (!inTest) {
      throw new ScenarioError(
        'PGT_SCENARIO_INVALID',
        failure(
          'run a query in rollback mode',
          'no test transaction is open',
          'Call mode.begin() in beforeEach.',
        ),
      )
    }
    const text = typeof query === 'string' ? query : query.text
    const statement = text.trim().replace(/;\s*$/, '')
    const begin = /^(begin|start\s+transaction)(\s+(work|transaction))?\b(.*)$/is.exec(statement)
    if (begin) {
      if (/\S/.test(begin[4] ?? '')) rejectMode(text)
      if (inAppTx) return fake('BEGIN') // PostgreSQL only warns "there is already a transaction in progress".
      await conn.query(`savepoint ${SAVEPOINT}`)
      inAppTx = true
      appTxFailed = false
      return fake('BEGIN')
    }
    if (/^set\s+(session\s+characteristics\s+as\s+)?transaction\b/is.test(statement)) {
      rejectMode(text)
      return fake('SET')
    }
    if (/^(commit|end)(\s+(work|transaction))?$/is.test(statement)) {
      if (!inAppTx) return fake('COMMIT')
      inAppTx = false
      if (appTxFailed) {
        // What PostgreSQL does for COMMIT of a failed transaction: roll back, tag ROLLBACK.
        await conn.query(`rollback to savepoint ${SAVEPOINT}; release savepoint ${SAVEPOINT}`)
        return fake('ROLLBACK')
      }
      await conn.query(`release savepoint ${SAVEPOINT}`)
      return fake('COMMIT')
    }
    if (/^(rollback|abort)(\s+(work|transaction))?$/is.test(statement)) {
      if (!inAppTx) return fake('ROLLBACK')
      inAppTx = false
      await conn.query(`rollback to savepoint ${SAVEPOINT}; release savepoint ${SAVEPOINT}`)
      return fake('ROLLBACK')
    }
    if (/^prepare\s+transaction\b/is.test(statement)) {
      throw new ScenarioError(
        'PGT_SCENARIO_INVALID',
        failure(
          'run PREPARE TRANSACTION in rollback mode',
          'two-phase commit needs a real transaction',
          'Use an isolated database for this test.',
        ),
      )
    }
    if (inAppTx) {
      try {
        return await conn.query(query as pg.QueryConfig, values as unknown[])
      } catch (err) {
        appTxFailed = true
        throw err
      }
    }
    if (!recover) return conn.query(query as pg.QueryConfig, values as unknown[])
    await conn.query(`savepoint ${AUTO}`)
    try {
      const result = await conn.query(query as pg.QueryConfig, values as unknown[])
      await conn.query(`release savepoint ${AUTO}`)
      return result
    } catch (err) {
      await conn.query(`rollback to savepoint ${AUTO}; release savepoint ${AUTO}`)
      throw err
    }
  }

  const client: RollbackClient = {
    query: ((text: string | pg.QueryConfig, values?: readonly unknown[]) =>
      serial(() => run(text, values))) as RollbackClient['query'],
    async connect() {
      return client as RollbackClient & { release(): void }
    },
    release() {},
    async end() {},
  }

  const mode: RollbackMode = {
    client,
    begin: () =>
      serial(async () => {
        if (inTest) await conn.query('rollback')
        await conn.query('begin')
        inTest = true
        inAppTx = false
        appTxFailed = false
      }),
    rollback: () =>
      serial(async () => {
        if (!inTest) return
        inTest = false
        inAppTx = false
        await conn.query('rollback')
      }),
    async close() {
      if (closed) return
      closed = true
      await mode.rollback().catch(() => undefined)
      await conn.end().catch(() => undefined)
    },
    [Symbol.asyncDispose]() {
      return mode.close()
    },
  }
  return mode
}
