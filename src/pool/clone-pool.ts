/**
 * The warm pool: clones of the template made ahead of time in the background, so `acquire()` is
 * a queue pop. Each database sits in one named state: creating → ready → leased → (dropping |
 * kept). A cap bounds every live database this pool owns. A ready database may also get a warmed
 * connection (opened, first query run) in the background, handed over with it.
 * @module
 */
import { randomBytes, randomInt } from 'node:crypto'
import { messageOf, PoolError } from '../errors.js'
import { crashPoint } from '../internal/crash-point.js'
import pg from '../internal/pg.js'
import { sleep } from '../internal/process-alive.js'
import type { Queryable } from '../internal/queryable.js'
import { createDatabaseSql, databaseUrl, dropDatabaseSql, quoteIdent, redactUrl } from '../sql/core.js'
import { lowerPriority } from './background-priority.js'
import { cloneName } from './naming.js'
import type { WaitSample } from './outran-report.js'
import { KEPT_COMMENT } from './reaper.js'
import {
  DATABASE_FACTS,
  FRESH_BASELINE,
  type RecycleBaseline,
  recycleDatabase,
  type SpareState,
  settleOwnSession,
  type TemplateSnapshot,
  takeSnapshot,
} from './recycle.js'
import { claimSpares, offerSpare } from './spares.js'
import { openWarmConnection, warmUp } from './warm-connection.js'

/**
 * A database leased from the pool for one test: yours until `release()`, then dropped (or kept
 * when the test failed). The runner integrations hand it to tests wrapped as `TestDb`.
 */
export interface LeasedDatabase {
  readonly name: string
  readonly url: string
  readonly template: string
  /** Milliseconds `acquire()` took. */
  readonly acquireMs: number
  /**
   * The connection the pool opened and warmed (first query run, catalog caches loaded) while
   * this database waited in the warm pool, handed over once (the caller ends it); a promise
   * still settling when the warm-up was under way at acquire; undefined when there is none.
   * Connecting to a new database and its first query cost ~10 ms: done ahead of time, they are
   * off the test's path.
   */
  takeConnection(): Promise<pg.Client> | undefined
  /**
   * A new connection to it (the caller ends it), opened as the pool's own are: over the embedded
   * cluster's owner-only socket where there is one (no SCRAM exchange: ~5 ms less in a new
   * process), else to `url`.
   */
  connect(): Promise<pg.Client>
  /**
   * Gives the database back: dropped in the background, or kept (and its URL printed) when the
   * test failed and the pool keeps failures. Safe to call twice.
   */
  release(options?: ReleaseOptions): Promise<void>
}

export interface ReleaseOptions {
  readonly outcome?: 'passed' | 'failed'
  /**
   * The connection `takeConnection` handed over, given back (the pool owns it now) when it was
   * the only one that ever reached the database: its URL was never handed out, so nothing can
   * connect to it later. A recycling pool resets the database through it and keeps it as the
   * next test's warmed connection (no new connection, no rename); otherwise it is ended.
   */
  readonly session?: pg.Client
}

/** A given-back database waiting to be recycled, with the test's own session when it was given back. */
interface ToRecycle {
  readonly name: string
  readonly session?: pg.Client
}

export interface ClonePoolOptions {
  readonly adminUrl: string
  /** `adminUrl` over the server's owner-only socket, for the pool's own sessions (see StartedEngine). */
  readonly socketUrl?: string
  readonly template: string
  readonly ownerTag: string
  readonly size: number
  readonly maxDatabases: number
  readonly strategy: 'file_copy' | 'wal_log' | 'default'
  readonly onFailure: 'keep' | 'drop'
  /** Where "kept for inspection" notes go; default stderr. */
  readonly log?: (line: string) => void
  /** The server stops when this process ends (an embedded cluster it started): say so when keeping. */
  readonly serverStopsWithProcess?: boolean
  /** How long acquire() waits at the cap before failing; default 60 s. */
  readonly acquireTimeoutMs?: number
  /**
   * Open and warm one connection to each ready clone ahead of time (see `takeConnection`), in
   * the background, one at a time, and only while nobody waits for a clone; default false.
   */
  readonly preconnect?: boolean
  /**
   * `low`: the server backends that clone and drop run at the lowest CPU priority, so tests'
   * queries go first (only for a server on this machine); default `normal`.
   */
  readonly backgroundPriority?: 'low' | 'normal'
  /**
   * After each hand-out, background work (clones, drops, warm-ups) holds off this long, so the
   * test's first queries run alone: on a small machine a clone's checkpoint next to a test's
   * first query doubles it. Never while the warm pool is empty or someone waits. Default 20 ms.
   */
  readonly quietAfterAcquireMs?: number
  /**
   * The run's owner tag for spare clones (see spares.ts): this pool's databases are named under
   * it, so they outlive the process; a test file's pool starts from the ones the previous file's
   * process left ready instead of cloning, and leaves its own ready ones the same way. Unset:
   * databases are named after `ownerTag`, and ready ones are dropped at close.
   */
  readonly spareTag?: string
  /** The run's directory (see run-dir.ts): the names of free spares are left and read there. */
  readonly runDir?: string
  /**
   * A passing test's database is made equal to the template again (the tables it wrote reloaded,
   * its sequences set back) instead of dropped and cloned anew, when that is provably enough
   * (see recycle.ts); otherwise it is dropped. `'in-place'`: only a database given back with its
   * test's own session (`ReleaseOptions.session`). Default false.
   */
  readonly recycle?: boolean | 'in-place'
}

type Waiter = { resolve: (name: string) => void; reject: (err: unknown) => void }

/** Counts of databases per state, for `stats()`. */
export interface PoolStats {
  readonly ready: number
  readonly leased: number
  readonly creating: number
  readonly dropping: number
  readonly kept: number
  readonly created: number
  /** Ready databases whose warmed connection is open and waiting to be handed over. */
  readonly connected: number
  /** Databases handed out so far. */
  readonly acquired: number
  /**
   * Hand-outs that found no ready clone and waited for one: the tests outran the warm pool (a
   * wait for a spare being claimed, at the process's start, is not counted).
   */
  readonly waited: number
  /** Milliseconds those hand-outs waited, in all. */
  readonly waitedMs: number
  /** Given-back databases being checked and reset for reuse (`pool.recycle`). */
  readonly recycling: number
  /** Given-back databases made equal to the template again and put back in the warm pool. */
  readonly recycled: number
}

/** Recycles at once: two, as the admin sessions clone two at a time. */
const RECYCLE_CONCURRENCY = 2

/** Waits and clone times a sample keeps (the latest): enough for a median, small enough to send. */
const SAMPLE_MAX = 400

export class ClonePool {
  readonly #o: ClonePoolOptions
  readonly #admin: pg.Pool
  readonly #ready: string[] = []
  readonly #leased = new Set<string>()
  readonly #kept = new Set<string>()
  readonly #dropping = new Set<Promise<void>>()
  readonly #waiters: Waiter[] = []
  /** Databases given back, to drop once background work may run. */
  readonly #toDrop: string[] = []
  /** Background work holds off until then (performance.now() time): see `quietAfterAcquireMs`. */
  #quietUntil = 0
  #resumeTimer: NodeJS.Timeout | undefined
  /** Warmed connections (settled or still warming) of ready databases, by database. */
  readonly #connections = new Map<string, Promise<pg.Client>>()
  readonly #opened = new Set<string>()
  /** Ready databases whose warm-up failed (e.g. max_connections): not retried, the test connects. */
  readonly #warmFailed = new Set<string>()
  #warming = false
  readonly #lowered = new WeakSet<pg.PoolClient>()
  #creating = 0
  #seq = 0
  #created = 0
  /** Milliseconds each waiting hand-out waited; and how many were handed out in all. */
  readonly #waits: number[] = []
  #acquired = 0
  /** Milliseconds each clone took (CREATE DATABASE), for the outran report. */
  readonly #cloneMs: number[] = []
  #closed = false
  #lastError: unknown
  /** Taking over spare clones, before the first clone is started. */
  #adopting: Promise<void> | undefined
  #adoptingNow = false
  /** Given back, to recycle once background work may run; and those being recycled. */
  readonly #toRecycle: ToRecycle[] = []
  readonly #recycling = new Set<Promise<void>>()
  #recycled = 0
  /** The last recycle worked: leased databases are counted as coming back (no clone for them). */
  #recycleWorks = false
  /** The template as a fresh clone showed it; 'off' when recycling cannot be proven safe here. */
  #snapshot: TemplateSnapshot | 'off' | Promise<TemplateSnapshot | undefined> | undefined
  /** Recycled databases' baselines (a database without one is fresh: no statistics yet). */
  readonly #baselines = new Map<string, RecycleBaseline>()
  /** Clones this pool made that nobody has leased yet (a snapshot is read from one of them). */
  readonly #fresh = new Set<string>()
  /** Spares this pool claimed that have not been handed out yet. */
  readonly #claimed = new Set<string>()
  /** Held out of the warm pool while the snapshot is read from it (0 or 1). */
  #snapshotting = 0
  /** A database came back before there was a snapshot or a ready one to read it from. */
  #snapshotWanted = false

  constructor(options: ClonePoolOptions) {
    this.#o = options
    // Two admin sessions: one cloning while the other drops, which is what 2 cores sustain.
    this.#admin = new pg.Pool({ connectionString: options.socketUrl ?? options.adminUrl, max: 2 })
    this.#admin.on('error', () => undefined)
  }

  /**
   * Opens an admin connection ahead of the first clone (a connection costs as much as a small
   * clone): for a process that attaches, while it takes its locks. Nothing is created.
   */
  connectAhead(): Promise<void> {
    return this.#admin.connect().then(
      (client) => client.release(),
      () => undefined,
    )
  }

  /** Starts filling the warm pool in the background. */
  warm(): void {
    if (this.#o.spareTag !== undefined && this.#adopting === undefined) {
      this.#adoptingNow = true
      this.#adopting = this.#adoptSpares(this.#o.spareTag).finally(() => {
        this.#adoptingNow = false
        this.#fill()
      })
    }
    this.#fill()
  }

  /** A fresh database: from the warm pool when one is ready, else cloned now. */
  async acquire(): Promise<LeasedDatabase> {
    if (this.#closed)
      throw new PoolError('PGT_POOL_CLOSED', 'Failed to acquire a database: the testbed is closed.')
    const started = performance.now()
    const ready = this.#ready.shift()
    const name = ready ?? (await this.#wait())
    this.#acquired++
    // A wait for a spare being claimed is the process's start, not the tests outrunning the
    // warm pool: not counted (the outran report would blame the pool for it).
    if (ready === undefined && !this.#claimed.has(name)) this.#waits.push(performance.now() - started)
    this.#claimed.delete(name)
    this.#leased.add(name)
    this.#fresh.delete(name)
    this.#quietUntil = performance.now() + (this.#o.quietAfterAcquireMs ?? 20)
    this.#fill()
    return this.#handle(name, performance.now() - started)
  }

  stats(): PoolStats {
    return {
      ready: this.#ready.length,
      leased: this.#leased.size,
      creating: this.#creating,
      dropping: this.#dropping.size + this.#toDrop.length,
      kept: this.#kept.size,
      created: this.#created,
      connected: this.#ready.filter((name) => this.#opened.has(name)).length,
      acquired: this.#acquired,
      waited: this.#waits.length,
      waitedMs: this.#waits.reduce((sum, ms) => sum + ms, 0),
      recycling: this.#recycling.size + this.#toRecycle.length,
      recycled: this.#recycled,
    }
  }

  /**
   * Drops every database this pool made (kept ones stay; ready ones are left as the run's spares
   * when it has a spare tag) and closes its connections. `last` runs on an admin session before
   * they close (e.g. to send the wait sample).
   */
  async close(last?: (admin: Queryable) => Promise<unknown>): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearTimeout(this.#resumeTimer)
    for (const w of this.#waiters.splice(0))
      w.reject(new PoolError('PGT_POOL_CLOSED', 'The testbed was closed.'))
    await this.#adopting
    // Given-back databases still to recycle: finished, and left as spares for the run's next
    // process (it would clone otherwise); without a run to leave them to, dropped.
    if (this.#o.spareTag === undefined)
      for (const { name, session } of this.#toRecycle.splice(0)) {
        session?.end().catch(() => undefined)
        this.#toDrop.push(name)
      }
    this.#runDrops()
    while (
      this.#creating > 0 ||
      this.#snapshotting > 0 ||
      this.#recycling.size > 0 ||
      this.#toRecycle.length > 0
    ) {
      // Never a bare resolved promise here: the clones under way settle only on the event loop.
      await Promise.race([...this.#recycling, sleep(5)]).catch(() => undefined)
      this.#runDrops()
    }
    const ready = this.#ready.splice(0)
    const handedDown = this.#o.spareTag === undefined ? [] : await this.#handDown(ready)
    for (const name of [...ready.filter((n) => !handedDown.includes(n)), ...this.#leased]) this.#drop(name)
    this.#leased.clear()
    this.#runDrops()
    await Promise.allSettled([...this.#dropping])
    await last?.(this.#admin).catch(() => undefined)
    await this.#admin.end()
  }

  /** What this pool's hand-outs waited and its clones took, for the run's outran report. */
  waitSample(): WaitSample {
    return {
      size: this.#o.size,
      acquired: this.#acquired,
      waits: this.#waits.slice(-SAMPLE_MAX).map(Math.round),
      clones: this.#cloneMs.slice(-SAMPLE_MAX).map(Math.round),
      recycled: this.#recycled,
    }
  }

  /** Where the pool's own sessions with database `name` connect (the handed-out URL is `adminUrl`'s). */
  #sessionUrl(name: string): string {
    return databaseUrl(this.#o.socketUrl ?? this.#o.adminUrl, name)
  }

  /** A name for a new database: under the run's spare tag (unique across its processes) or our own. */
  #newName(): string {
    const spareTag = this.#o.spareTag
    return spareTag === undefined
      ? cloneName(this.#o.ownerTag, this.#seq++)
      : cloneName(spareTag, randomInt(1, 2 ** 47))
  }

  #recycles(): boolean {
    return this.#o.recycle === true || this.#o.recycle === 'in-place'
  }

  /**
   * Whether the first clone is held back to read the template's snapshot before anyone uses it:
   * always when every given-back database is recycled; in place, in a runner's test-file process
   * (it inherits spares: its tests give their connections back, and the next process gets the
   * snapshot with them), or once a database came back with no ready one to read it from.
   * Elsewhere it is read when the first database comes back.
   */
  #readsSnapshotFirst(): boolean {
    if (this.#snapshot !== undefined) return false
    return (
      this.#o.recycle === true ||
      (this.#o.recycle === 'in-place' && (this.#o.spareTag !== undefined || this.#snapshotWanted))
    )
  }

  #live(): number {
    return (
      this.#ready.length +
      this.#leased.size +
      this.#creating +
      this.#kept.size +
      this.#dropping.size +
      this.#toDrop.length +
      this.#recycling.size +
      this.#toRecycle.length +
      this.#snapshotting
    )
  }

  /**
   * True while a test that just got its database runs its first queries and the warm pool can
   * still serve the next acquire: background work waits (and is resumed by a timer).
   */
  #holdingOff(): boolean {
    if (this.#closed || this.#waiters.length > 0 || this.#ready.length === 0) return false
    const left = this.#quietUntil - performance.now()
    if (left <= 0) return false
    this.#resumeTimer ??= setTimeout(() => {
      this.#resumeTimer = undefined
      this.#fill()
      this.#runDrops()
      this.#warmNext()
    }, Math.ceil(left))
    this.#resumeTimer.unref()
    return true
  }

  #wait(): Promise<string> {
    const timeoutMs = this.#o.acquireTimeoutMs ?? 60_000
    return new Promise<string>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject }
      this.#waiters.push(waiter)
      const timeout = setTimeout(() => {
        const i = this.#waiters.indexOf(waiter)
        if (i < 0) return
        this.#waiters.splice(i, 1)
        const lastError = this.#lastError ? ` (last clone error: ${messageOf(this.#lastError)})` : ''
        const atCap = this.#leased.size + this.#kept.size >= this.#o.maxDatabases
        reject(
          new PoolError(
            'PGT_POOL_EXHAUSTED',
            atCap
              ? `Failed to acquire a database: ${this.#leased.size} leased and ${this.#kept.size} kept reach the cap of ${this.#o.maxDatabases}${lastError}. ` +
                  'Release databases after each test, or raise pool.maxDatabases.'
              : `Failed to acquire a database: no clone was ready within pool.acquireTimeoutMs (${timeoutMs} ms; ${this.#creating} in progress)${lastError}. ` +
                  'Raise pool.acquireTimeoutMs, or check the server (a big template clones slowly).',
          ),
        )
      }, timeoutMs)
      timeout.unref()
      this.#fill()
    })
  }

  /**
   * Claims up to `size` of the spares offered in the run's directory (see spares.ts) and connects
   * to each: that connection, warmed, is the one its first test uses. Cloning starts once this
   * has settled.
   */
  async #adoptSpares(spareTag: string): Promise<void> {
    if (this.#o.runDir === undefined) return
    const offered = claimSpares(this.#o.runDir, spareTag, this.#o.size)
    await Promise.all(offered.map(({ name, state }) => this.#takeOver(name, state)))
  }

  /**
   * Puts a claimed spare in the warm pool, connected and warmed; one that cannot be reached is
   * left to the run's end (which drops it) and the pool clones instead.
   */
  async #takeOver(name: string, state: SpareState): Promise<void> {
    const client = new pg.Client({ connectionString: this.#sessionUrl(name) })
    client.on('error', () => undefined)
    try {
      await client.connect()
      // The snapshot's warm-up reads when the spare carries it (they plan every table), else the usual ones.
      if (state.snapshot === undefined) await warmUp(client)
      else await client.query(`SELECT 1${state.snapshot.warm}`)
    } catch {
      await client.end().catch(() => undefined)
      return
    }
    if (state.baseline !== undefined) {
      this.#baselines.set(name, state.baseline)
      // The previous process's recycles worked: count given-back databases as coming back.
      this.#recycleWorks = this.#recycles()
    } else this.#fresh.add(name)
    // The previous process's snapshot of the template: none to read here (see #templateSnapshot).
    if (state.snapshot !== undefined && this.#recycles() && this.#snapshot === undefined)
      this.#snapshot = state.snapshot
    this.#created++
    this.#claimed.add(name)
    this.#keepConnection(name, client)
    this.#deliver(name)
  }

  /**
   * Offers the ready databases to the run's next process (see spares.ts), each once its session
   * has ended (the next process's recycle in place counts sessions); returns those offered.
   */
  async #handDown(ready: readonly string[]): Promise<string[]> {
    const runDir = this.#o.runDir
    if (runDir === undefined) return []
    const snapshot = this.#snapshot
    const known = typeof snapshot === 'object' && !(snapshot instanceof Promise) ? snapshot : undefined
    // All at once: a test file waits for its close.
    const offered = await Promise.all(
      ready.map(async (name) => {
        const session = await this.#takeConnection(name)?.catch(() => undefined)
        await session?.end().catch(() => undefined)
        const baseline = this.#baselines.get(name)
        const state = {
          ...(baseline === undefined ? {} : { baseline }),
          ...(known === undefined ? {} : { snapshot: known }),
        }
        return offerSpare(runDir, name, state) ? name : undefined
      }),
    )
    return offered.filter((name) => name !== undefined)
  }

  /**
   * Whether the warm pool needs another clone: fewer ready or coming than `size` plus those who
   * wait. While recycling works, leased and given-back databases are coming back: no clone for
   * them (a test that outruns a reset waits a few milliseconds for it, less than a clone takes);
   * waiters beyond what is being reset (a test holding several databases) still get clones.
   */
  #short(): boolean {
    const pending = this.#ready.length + this.#creating + this.#snapshotting
    if (!this.#recycleWorks) return pending < this.#o.size + this.#waiters.length
    const returning = this.#toRecycle.length + this.#recycling.size
    return (
      this.#waiters.length > pending + returning || pending + returning + this.#leased.size < this.#o.size
    )
  }

  /** Starts clones until the ready queue plus those in flight cover the target and the waiters. */
  #fill(): void {
    if (this.#closed || this.#holdingOff()) return
    // Spares first: cloning starts once the adoption has settled (it calls #fill again).
    if (this.#adoptingNow) return
    this.#runDrops() // a drop frees a place under the cap
    while (this.#short() && this.#live() < this.#o.maxDatabases) {
      this.#creating++
      const name = this.#newName()
      const cloneStarted = performance.now()
      this.#clone(name).then(
        () => {
          this.#cloneMs.push(performance.now() - cloneStarted)
          this.#creating--
          this.#created++
          const waiter = this.#waiters.shift()
          if (this.#closed) this.#drop(name)
          else if (this.#readsSnapshotFirst()) {
            // The first clone shows the template to the pool before anyone uses it.
            if (waiter) this.#waiters.unshift(waiter)
            this.#fresh.add(name)
            this.#snapshotFrom(name)
          } else if (waiter) waiter.resolve(name)
          else {
            this.#fresh.add(name)
            this.#ready.push(name)
            this.#warmNext()
          }
        },
        (err: unknown) => {
          this.#creating--
          this.#lastError = err
          // Cloning cannot work (template gone, server down): fail whoever waits, now.
          for (const w of this.#waiters.splice(0)) w.reject(err)
        },
      )
    }
  }

  async #clone(name: string): Promise<void> {
    const strategy = this.#o.strategy === 'default' ? undefined : this.#o.strategy
    await this.#adminQuery(createDatabaseSql(name, { template: this.#o.template, strategy }))
    crashPoint('pool:cloned')
  }

  /**
   * Opens and warms a connection for the oldest ready database that has none — off the clone's
   * path: one at a time, after the clone is ready, never while someone waits for a clone (the
   * clone is what they need first). Acquire never waits for it.
   */
  #warmNext(): void {
    if (this.#o.preconnect !== true || this.#warming || this.#closed || this.#waiters.length > 0) return
    if (this.#holdingOff()) return
    const name = this.#ready.find((n) => !this.#connections.has(n) && !this.#warmFailed.has(n))
    if (name === undefined) return
    this.#warming = true
    const warming = openWarmConnection(this.#sessionUrl(name))
    this.#connections.set(name, warming)
    warming
      .then(
        () => {
          if (this.#connections.get(name) === warming) this.#opened.add(name)
        },
        () => {
          if (this.#connections.get(name) === warming) this.#connections.delete(name)
          this.#warmFailed.add(name)
        },
      )
      .finally(() => {
        this.#warming = false
        this.#warmNext()
      })
  }

  /** Runs background work on an admin session, lowering its priority the first time if asked. */
  async #adminQuery(sql: string): Promise<void> {
    const client = await this.#admin.connect()
    try {
      if (this.#o.backgroundPriority === 'low' && !this.#lowered.has(client)) {
        this.#lowered.add(client)
        await lowerPriority(client)
      }
      await client.query(sql)
    } finally {
      client.release()
    }
  }

  /** Takes the warmed connection of `name` out of the pool (the caller owns it now). */
  #takeConnection(name: string): Promise<pg.Client> | undefined {
    const client = this.#connections.get(name)
    this.#connections.delete(name)
    this.#opened.delete(name)
    this.#warmFailed.delete(name)
    return client
  }

  /** Ends a warmed connection nobody took, so the drop does not have to terminate it. */
  async #endConnection(name: string): Promise<void> {
    const client = await this.#takeConnection(name)?.catch(() => undefined)
    await client?.end().catch(() => undefined)
  }

  /** Queues `name` to be dropped once background work may run. */
  #drop(name: string): void {
    this.#toDrop.push(name)
    this.#runDrops()
  }

  #runDrops(): void {
    // Recycles do not hold off after a hand-out: they make the next ready databases, as a clone
    // for an empty warm pool does. Two at a time (each is a connection and a few queries).
    const next = this.#recycling.size < RECYCLE_CONCURRENCY ? this.#toRecycle.shift() : undefined
    if (next !== undefined) this.#recycleNow(next)
    if (this.#toDrop.length === 0 || this.#holdingOff()) return
    for (const name of this.#toDrop.splice(0)) this.#dropNow(name)
  }

  /** Keeps `client` as the warmed connection of `name`, or ends it when the pool opens none. */
  #keepConnection(name: string, client: pg.Client): void {
    if (this.#o.preconnect !== true) {
      client.end().catch(() => undefined)
      return
    }
    this.#connections.set(name, Promise.resolve(client))
    this.#opened.add(name)
  }

  /** Hands a database that became ready to whoever waits, else to the warm pool. */
  #deliver(name: string, front = false): void {
    const waiter = this.#waiters.shift()
    if (waiter) waiter.resolve(name)
    else if (front) this.#ready.unshift(name)
    else this.#ready.push(name)
  }

  /**
   * Makes a given-back database equal to the template again (see recycle.ts), under a new name
   * (so nothing that kept the old URL reaches it), or drops it. Its reset session becomes its
   * warmed connection.
   */
  #recycleNow({ name, session }: ToRecycle): void {
    const work = (async () => {
      await this.#endConnection(name)
      const baseline = this.#baselines.get(name) ?? FRESH_BASELINE
      this.#baselines.delete(name)
      const snapshot = await this.#templateSnapshot()
      if (session !== undefined) {
        const done = snapshot !== undefined && (await this.#recycleInPlace(name, session, snapshot, baseline))
        if (done) return
        await session.end().catch(() => undefined)
      }
      // In place only: what the test's own session could not prove equal is dropped, not renamed.
      const renamed =
        snapshot === undefined || this.#o.recycle !== true ? undefined : await this.#renameWhenFree(name)
      if (snapshot === undefined || renamed === undefined) {
        this.#recycleWorks = false
        this.#drop(name)
        return
      }
      const client = new pg.Client({ connectionString: this.#sessionUrl(renamed.name) })
      client.on('error', () => undefined)
      let next: RecycleBaseline | undefined
      try {
        await client.connect()
        next = await recycleDatabase(client, snapshot, baseline, renamed.facts)
      } catch {
        next = undefined
      }
      if (next === undefined || (this.#closed && this.#o.spareTag === undefined)) {
        await client.end().catch(() => undefined)
        this.#recycleWorks = this.#closed && this.#recycleWorks
        this.#drop(renamed.name)
        return
      }
      this.#putBack(renamed.name, client, next)
    })().finally(() => {
      this.#recycling.delete(work)
      this.#runDrops()
      this.#fill()
    })
    this.#recycling.add(work)
  }

  /**
   * Recycles a database through the session its test used (the only one that ever reached it):
   * same name, and that session stays its warmed connection. False when another session uses it
   * or the reset cannot be proven enough (the caller ends the session and goes the renaming way).
   */
  async #recycleInPlace(
    name: string,
    session: pg.Client,
    snapshot: TemplateSnapshot,
    baseline: RecycleBaseline,
  ): Promise<boolean> {
    let next: RecycleBaseline | undefined
    try {
      const facts = await settleOwnSession(session)
      if (facts === undefined) return false
      next = await recycleDatabase(session, snapshot, baseline, facts)
    } catch {
      next = undefined
    }
    if (next === undefined) return false
    if (this.#closed && this.#o.spareTag === undefined) {
      await session.end().catch(() => undefined)
      this.#drop(name)
      return true
    }
    this.#putBack(name, session, next)
    return true
  }

  /** A recycled database back in the warm pool, its reset session as its warmed connection. */
  #putBack(name: string, session: pg.Client, baseline: RecycleBaseline): void {
    this.#baselines.set(name, baseline)
    this.#recycled++
    this.#recycleWorks = true
    this.#keepConnection(name, session)
    this.#deliver(name)
  }

  /**
   * Renames a given-back database once no session uses it (PostgreSQL refuses while one does, or
   * a prepared transaction): the new name and the database's own facts (`DATABASE_FACTS`), or
   * undefined (then it is dropped, which ends them).
   */
  async #renameWhenFree(name: string): Promise<{ name: string; facts: string } | undefined> {
    const renamed = this.#newName()
    const client = await this.#admin.connect()
    try {
      // The test's sessions end as its clients close: a few milliseconds at most.
      for (let i = 0; ; i++) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = $1)::int
                + (SELECT count(*) FROM pg_prepared_xacts WHERE database = $1)::int AS n`,
          [name],
        )
        if (rows[0]?.n === 0) break
        if (i >= 10) return undefined
        await sleep(5)
      }
      // PostgreSQL waits up to 5 s for a session that arrived meanwhile: not that long. The
      // facts are read under the new name, in the rename's transaction: nothing else can change them.
      const results = (await client.query(
        `BEGIN; SET LOCAL statement_timeout = 250; ALTER DATABASE ${quoteIdent(name)} RENAME TO ${quoteIdent(renamed)};
         ${DATABASE_FACTS.replace('$1', `'${renamed.replaceAll("'", "''")}'`)}; COMMIT`,
      )) as unknown as pg.QueryResult<{ json_build_array: string }>[]
      const facts = Object.values(results[3]?.rows[0] ?? {})[0]
      if (typeof facts !== 'string') return undefined
      return { name: renamed, facts }
    } catch {
      await client.query('ROLLBACK').catch(() => undefined)
      return undefined
    } finally {
      client.release()
    }
  }

  /**
   * The template as the pool's snapshot shows it: read once per pool from a ready database (held
   * out of the warm pool meanwhile: nobody has used it); undefined when recycling cannot be
   * proven safe on this server, or there is no snapshot yet and no ready database to read one.
   */
  async #templateSnapshot(): Promise<TemplateSnapshot | undefined> {
    if (this.#snapshot === 'off') return undefined
    if (this.#snapshot === undefined) {
      // Prefer a clone this pool made to a spare another process recycled.
      const name = this.#ready.find((n) => this.#fresh.has(n)) ?? this.#ready[0]
      if (name === undefined) {
        // Tests outran the clones: this one is dropped, and the next clone shows the template.
        this.#snapshotWanted = true
        return undefined
      }
      this.#ready.splice(this.#ready.indexOf(name), 1)
      this.#snapshotFrom(name)
    }
    return this.#snapshot
  }

  /** Reads the snapshot from `name` (ready, untouched, out of the warm pool), then hands it out. */
  #snapshotFrom(name: string): void {
    this.#snapshotting++
    this.#snapshot = (async () => {
      const warmed = await this.#takeConnection(name)?.catch(() => undefined)
      const client = warmed ?? new pg.Client({ connectionString: this.#sessionUrl(name) })
      client.on('error', () => undefined)
      let snapshot: TemplateSnapshot | undefined
      try {
        if (warmed === undefined) await client.connect()
        snapshot = (await takeSnapshot(client, this.#baselines.get(name))).snapshot
        this.#snapshot = snapshot ?? 'off'
      } catch {
        this.#snapshot = undefined
        await client.end().catch(() => undefined)
        this.#snapshotting--
        this.#drop(name)
        return undefined
      }
      this.#snapshotting--
      this.#keepConnection(name, client)
      if (this.#closed) this.#drop(name)
      else this.#deliver(name, true)
      return snapshot
    })()
  }

  #dropNow(name: string): void {
    const dropping = this.#endConnection(name)
      .then(() => this.#adminQuery(dropDatabaseSql(name)))
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.#dropping.delete(dropping)
        this.#fill()
      })
    this.#dropping.add(dropping)
  }

  #handle(name: string, acquireMs: number): LeasedDatabase {
    let released = false
    return {
      name,
      url: databaseUrl(this.#o.adminUrl, name),
      template: this.#o.template,
      acquireMs,
      takeConnection: () => this.#takeConnection(name),
      connect: async () => {
        const client = new pg.Client({ connectionString: this.#sessionUrl(name) })
        client.on('error', () => undefined)
        await client.connect()
        return client
      },
      release: async (options) => {
        const session = options?.session
        if (released) {
          session?.end().catch(() => undefined)
          return
        }
        released = true
        this.#leased.delete(name)
        const own = options?.outcome === 'passed' && session !== undefined
        const recycling = this.#recycles() && this.#snapshot !== 'off' && (this.#o.recycle === true || own)
        if (session !== undefined && (this.#closed || !recycling || !own))
          // Ended before the database is kept or dropped (a drop would have to terminate it).
          await session.end().catch(() => undefined)
        // This one does not come back: the warm pool clones for it (see #fill).
        if (!recycling) this.#recycleWorks = false
        if (options?.outcome === 'failed' && this.#o.onFailure === 'keep' && !this.#closed) {
          this.#kept.add(name)
          await this.#endConnection(name)
          await this.#admin
            .query(`COMMENT ON DATABASE ${quoteIdent(name)} IS '${KEPT_COMMENT}'`)
            .catch(() => undefined)
          const log = this.#o.log ?? ((line: string) => process.stderr.write(`${line}\n`))
          log(
            // Test output lands in CI logs: the password stays out; one command prints it.
            `pgtestbed: kept the database of a failed test for inspection: ${redactUrl(databaseUrl(this.#o.adminUrl, name))}` +
              (this.#o.serverStopsWithProcess === true
                ? ' (this run started the cluster and stops it at the end: run `pgtestbed up` first to keep it)'
                : ` (full URL: pgtestbed db url ${name})`),
          )
          return
        }
        if (this.#closed) return
        if (recycling) {
          this.#toRecycle.push(own ? { name, session } : { name })
          this.#runDrops()
        } else this.#drop(name)
        this.#fill()
      },
    }
  }
}

/**
 * The user tables (and views) to warm, as quoted names: up to 100, in creation order.
 */
/** A short random id for one process's owner tag. */
export function newOwnerId(): string {
  return randomBytes(3).toString('hex')
}
