/**
 * IntegreSQL's model on pgtestbed's pool: a client initializes a template by hash (gets an empty
 * database to migrate itself), finalizes it, then gets test databases cloned from it. Templates
 * are named like pgtestbed's own (`<prefix>_tpl_<hex>`, built as `…_build` under the build
 * lock), so the reaper and pruning treat a killed service's leftovers like any other run's.
 * @module
 */
import { databaseUrl } from '../engine/index.js'
import { digest } from '../internal/hash.js'
import pg from '../internal/pg.js'
import {
  buildName,
  ClonePool,
  holdLiveness,
  holdTemplate,
  type LeasedDatabase,
  LOCK_SPACE,
  newOwnerId,
  ownerTag,
  TEMPLATE_COMMENT,
} from '../pool/index.js'
import { createDatabase, dropDatabase, quoteIdent } from '../sql/index.js'
import { HttpError } from './http-error.js'

/** IntegreSQL's connection description of a database. */
export interface DatabaseConfig {
  readonly host: string
  readonly port: number
  readonly username: string
  readonly password: string
  readonly database: string
}

/** IntegreSQL's `database` object: the template hash and how to connect. */
export interface IntegreDatabase {
  readonly templateHash: string
  readonly config: DatabaseConfig
}

interface Template {
  readonly hash: string
  readonly name: string
  state: 'initializing' | 'ready'
  /** Settles when the template is finalized (resolves) or discarded (rejects with 410). */
  readonly ready: Promise<void>
  settle(error?: HttpError): void
  pool: ClonePool | undefined
  readonly tests: Map<number, LeasedDatabase>
  nextId: number
}

export interface IntegreTemplatesOptions {
  readonly adminUrl: string
  readonly prefix: string
  readonly runId: string
  readonly strategy: 'file_copy' | 'wal_log' | 'default'
  /** Warm clones kept per template. */
  readonly poolSize: number
  readonly maxDatabases: number
  /** How long a test-database request waits for a template another client is building. */
  readonly waitMs: number
}

/** The templates IntegreSQL clients build through this service, and their test databases. */
export class IntegreTemplates {
  readonly #o: IntegreTemplatesOptions
  /** One session: holds the build, use and liveness locks, and runs the DDL. */
  readonly #admin: pg.Client
  readonly #templates = new Map<string, Template>()

  private constructor(options: IntegreTemplatesOptions, admin: pg.Client) {
    this.#o = options
    this.#admin = admin
  }

  static async open(options: IntegreTemplatesOptions): Promise<IntegreTemplates> {
    const admin = new pg.Client({ connectionString: options.adminUrl })
    await admin.connect()
    admin.on('error', () => undefined)
    return new IntegreTemplates(options, admin)
  }

  get count(): number {
    return this.#templates.size
  }

  /** POST /templates: an empty database for the client to migrate; 423 when the hash exists. */
  async initialize(hash: string): Promise<{ database: IntegreDatabase }> {
    checkHash(hash)
    if (this.#templates.has(hash)) throw new HttpError(423, 'template is already initialized')
    const name = this.#nameOf(hash)
    const template = newTemplate(hash, name)
    // Registered before any await: a second client asking at once gets 423 and waits in GET.
    this.#templates.set(hash, template)
    try {
      if (await this.#isComplete(name)) {
        await holdTemplate(this.#admin, name)
        template.state = 'ready'
        template.settle()
        throw new HttpError(423, 'template is already initialized')
      }
      const { rows } = await this.#admin.query<{ got: boolean }>(
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS got',
        [LOCK_SPACE, name],
      )
      if (rows[0]?.got !== true) throw new HttpError(423, 'template is being initialized by another service')
      await holdTemplate(this.#admin, name)
      const building = buildName(name)
      await dropDatabase(this.#admin, building)
      await createDatabase(this.#admin, building, { template: 'template0' })
      return { database: { templateHash: hash, config: this.#configOf(building) } }
    } catch (err) {
      if (template.state === 'initializing') {
        this.#templates.delete(hash)
        template.settle(new HttpError(410, 'template was just discarded'))
      }
      throw err
    }
  }

  /** PUT /templates/:hash: the client's migrated database becomes a template. */
  async finalize(hash: string): Promise<void> {
    const template = this.#get(hash)
    if (template.state === 'ready') return
    const building = buildName(template.name)
    // A template nobody can connect to: a connection left open would break every clone (55006).
    await this.#admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [building],
    )
    await this.#admin.query(`ALTER DATABASE ${quoteIdent(building)} WITH ALLOW_CONNECTIONS false`)
    await this.#admin.query(
      `COMMENT ON DATABASE ${quoteIdent(building)} IS '${TEMPLATE_COMMENT}${new Date().toISOString()}'`,
    )
    await this.#admin.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(template.name)}`)
    await this.#admin.query(`ALTER DATABASE ${quoteIdent(template.name)} WITH IS_TEMPLATE true`)
    await this.#unlockBuild(template.name)
    template.state = 'ready'
    template.settle()
  }

  /** DELETE /templates/:hash: drops the template and every database cloned from it. */
  async discard(hash: string): Promise<void> {
    const template = this.#get(hash)
    this.#templates.delete(hash)
    template.settle(new HttpError(410, 'template was just discarded'))
    await template.pool?.close()
    await dropDatabase(this.#admin, buildName(template.name))
    await this.#admin
      .query(`ALTER DATABASE ${quoteIdent(template.name)} WITH IS_TEMPLATE false`)
      .catch(() => undefined)
    await dropDatabase(this.#admin, template.name)
    if (template.state === 'initializing') await this.#unlockBuild(template.name)
  }

  /** DELETE /admin/templates. */
  async discardAll(): Promise<void> {
    for (const hash of [...this.#templates.keys()]) await this.discard(hash)
  }

  /** GET /templates/:hash/tests: a fresh clone; waits while another client builds the template. */
  async testDatabase(hash: string): Promise<{ id: number; database: IntegreDatabase }> {
    checkHash(hash)
    let template = this.#templates.get(hash)
    if (template === undefined) {
      // Built by an earlier run of the service (kept with the cluster's templates): adopt it.
      const name = this.#nameOf(hash)
      if (!(await this.#isComplete(name))) throw new HttpError(404, 'template not found')
      template = this.#templates.get(hash) ?? newTemplate(hash, name)
      if (!this.#templates.has(hash)) {
        this.#templates.set(hash, template)
        await holdTemplate(this.#admin, name)
        template.state = 'ready'
        template.settle()
      }
    }
    if (template.state !== 'ready') await waitFor(template.ready, this.#o.waitMs)
    template.pool ??= await this.#startPool(template.name)
    const db = await template.pool.acquire()
    const id = template.nextId++
    template.tests.set(id, db)
    return { id, database: { templateHash: hash, config: this.#configOf(db.name) } }
  }

  /**
   * DELETE /templates/:hash/tests/:id, POST …/unlock and …/recreate: the database is dropped in
   * the background and never handed out again (every hand-out is a fresh clone, so "reuse" and
   * "recreate" are the same here).
   */
  async giveBack(hash: string, id: number): Promise<void> {
    const template = this.#get(hash)
    const db = template.tests.get(id)
    if (db === undefined) throw new HttpError(404, 'test database not found')
    template.tests.delete(id)
    await db.release({ outcome: 'passed' })
  }

  /** Drops every clone handed out or warm (templates stay for the next run), ends the session. */
  async close(): Promise<void> {
    for (const template of this.#templates.values()) {
      template.settle(new HttpError(503, 'the service is stopping'))
      await template.pool?.close()
      if (template.state === 'initializing') await dropDatabase(this.#admin, buildName(template.name))
    }
    this.#templates.clear()
    await this.#admin.end().catch(() => undefined)
  }

  #get(hash: string): Template {
    const template = this.#templates.get(hash)
    if (template === undefined) throw new HttpError(404, 'template not found')
    return template
  }

  /** Template names are pgtestbed's shape (hex), whatever characters the client's hash has. */
  #nameOf(hash: string): string {
    return `${this.#o.prefix}_tpl_${digest(['integresql', hash])}`
  }

  async #isComplete(name: string): Promise<boolean> {
    const { rows } = await this.#admin.query(
      'SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate',
      [name],
    )
    return rows.length > 0
  }

  async #unlockBuild(name: string): Promise<void> {
    await this.#admin.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, name])
  }

  async #startPool(template: string): Promise<ClonePool> {
    const tag = ownerTag(this.#o.prefix, this.#o.runId, newOwnerId())
    // Clones of a dead service are reaped by the next start: liveness is this session's lock.
    await holdLiveness(this.#admin, tag)
    const pool = new ClonePool({
      adminUrl: this.#o.adminUrl,
      template,
      ownerTag: tag,
      size: this.#o.poolSize,
      maxDatabases: this.#o.maxDatabases,
      strategy: this.#o.strategy,
      onFailure: 'drop',
      preconnect: false,
      serverStopsWithProcess: true,
    })
    pool.warm()
    return pool
  }

  #configOf(database: string): DatabaseConfig {
    const url = new URL(databaseUrl(this.#o.adminUrl, database))
    return {
      host: url.hostname,
      port: Number(url.port || 5432),
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database,
    }
  }
}

function newTemplate(hash: string, name: string): Template {
  let settle: (error?: HttpError) => void = () => undefined
  const ready = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error))
  })
  // Nobody may be waiting: a discard with no waiter must not be an unhandled rejection.
  ready.catch(() => undefined)
  return { hash, name, state: 'initializing', ready, settle, pool: undefined, tests: new Map(), nextId: 0 }
}

function checkHash(hash: unknown): asserts hash is string {
  if (typeof hash !== 'string' || hash.length === 0) throw new HttpError(400, 'hash is required')
  if (hash.length > 256) throw new HttpError(400, 'hash is longer than 256 characters')
}

async function waitFor(ready: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpError(503, `the template was not finalized within ${Math.round(ms / 1000)} s`)),
      ms,
    )
  })
  try {
    await Promise.race([ready, timeout])
  } finally {
    clearTimeout(timer)
  }
}
