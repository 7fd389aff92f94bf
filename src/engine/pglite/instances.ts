/**
 * One PGlite instance per database: PGlite serves one database per instance, so the router
 * keeps a map from database name to a running instance (with its pglite-socket server on a
 * unix socket in a private directory). The admin instance (`postgres`) holds the catalogue of
 * truth; the others follow it (see database-changes.ts).
 * @module
 */
import type { Socket } from 'node:net'
import { join } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { extensionsFor } from './contrib.js'
import type { DatabaseChange } from './database-changes.js'
import type { PgliteModules } from './load-pglite.js'
import { TransactionGuard } from './transaction-guard.js'

/** A running instance and the socket the router pipes its connections to. */
export interface Backend {
  readonly db: PGlite
  readonly server: PGLiteSocketServer
  readonly path: string
  /** The database name inside the instance's data directory (a clone keeps its template's). */
  readonly internalName: string
  /** Router-side sockets of open connections (closed when the database is dropped). */
  readonly sockets: Set<Socket>
  /** Lets one connection at a time use the instance's single session. */
  readonly guard: TransactionGuard
  /** The instance's data directory as of its last use, for cloning a template many times. */
  dump: Promise<Snapshot> | undefined
}

/** A copy of an instance's data directory and the extensions installed in it. */
interface Snapshot {
  readonly data: Blob
  readonly installed: string[]
}

/** A refused connection: the SQLSTATE and message real PostgreSQL would send. */
export class RouteRefusal extends Error {
  constructor(
    readonly sqlstate: string,
    message: string,
  ) {
    super(message)
  }
}

export const ADMIN_DATABASE = 'postgres'

/** Connections each database's socket server queues (one runs at a time, the rest wait). */
const QUEUED_CONNECTIONS = 64

export class Instances {
  readonly #byName = new Map<string, Promise<Backend>>()
  #seq = 0

  private constructor(
    readonly modules: PgliteModules,
    readonly dir: string,
    readonly admin: Backend,
  ) {
    this.#byName.set(ADMIN_DATABASE, Promise.resolve(admin))
  }

  /** Starts the admin instance in `dir` (a private 0700 directory). */
  static async start(modules: PgliteModules, dir: string): Promise<Instances> {
    const db = await modules.PGlite.create({ extensions: modules.extensions })
    const admin = await serve(modules, db, join(dir, 'admin.s'), ADMIN_DATABASE)
    return new Instances(modules, dir, admin)
  }

  /**
   * The backend of `name`: its instance, started on first use from the admin's copy when it has
   * none (a database created by a non-admin connection's statement, say). Check `refusal` first.
   */
  open(name: string): Promise<Backend> {
    return this.#byName.get(name) ?? this.#start(name, undefined)
  }

  /** Whether connections to `name` are refused by the catalogue (a finished template). */
  async refusal(name: string): Promise<RouteRefusal | undefined> {
    if (name === ADMIN_DATABASE) return undefined
    const { rows } = await this.admin.db
      .query<{ allowed: boolean }>('SELECT datallowconn AS allowed FROM pg_database WHERE datname = $1', [
        name,
      ])
      .catch(() => ({ rows: [{ allowed: true }] }))
    const row = rows[0]
    if (row === undefined) return new RouteRefusal('3D000', `database "${name}" does not exist`)
    if (!row.allowed)
      return new RouteRefusal('55000', `database "${name}" is not currently accepting connections`)
    return undefined
  }

  /** Makes the instances follow a database statement the admin instance just completed. */
  async apply(change: DatabaseChange): Promise<void> {
    if (change.kind === 'create') await this.#start(change.name, change.template ?? 'template1')
    else if (change.kind === 'drop') await this.#stop(change.name)
    else if (change.kind === 'rename') {
      const backend = this.#byName.get(change.from)
      if (backend === undefined) return
      this.#byName.delete(change.from)
      this.#byName.set(change.to, backend)
    }
  }

  /** Stops every instance. */
  async close(): Promise<void> {
    const names = [...this.#byName.keys()]
    await Promise.all(names.map((name) => this.#stop(name)))
  }

  /**
   * Starts `name`'s instance: a copy of `template`'s instance when it has one (its writes live
   * there), else the admin's data directory opened on `name` (the admin created it for real).
   */
  #start(name: string, template: string | undefined): Promise<Backend> {
    const source = template === undefined ? undefined : this.#byName.get(template)
    const starting = (async () => {
      const from = source === undefined ? undefined : await source
      // A copy loads only the extensions its template has (each costs start time).
      const copy = from === undefined ? undefined : await snapshot(from)
      const internalName = from?.internalName ?? name
      const db = await this.modules.PGlite.create({
        loadDataDir: copy?.data ?? (await this.admin.db.dumpDataDir('none')),
        database: internalName,
        extensions:
          copy === undefined
            ? this.modules.extensions
            : extensionsFor(this.modules.extensions, copy.installed),
      })
      return serve(this.modules, db, join(this.dir, `${++this.#seq}.s`), internalName)
    })()
    this.#byName.set(name, starting)
    // A failed start leaves no entry behind: the next connection tries again.
    starting.catch(() => {
      if (this.#byName.get(name) === starting) this.#byName.delete(name)
    })
    return starting
  }

  async #stop(name: string): Promise<void> {
    const starting = this.#byName.get(name)
    if (starting === undefined) return
    this.#byName.delete(name)
    const backend = await starting.catch(() => undefined)
    if (backend === undefined) return
    for (const socket of backend.sockets) socket.destroy()
    await backend.server.stop().catch(() => undefined)
    await backend.db.close().catch(() => undefined)
  }
}

/** The data directory of `backend`, dumped once for as long as nobody connects to it. */
function snapshot(backend: Backend): Promise<Snapshot> {
  backend.dump ??= (async () => {
    const { rows } = await backend.db.query<{ name: string }>('SELECT extname AS name FROM pg_extension')
    return { data: await backend.db.dumpDataDir('none'), installed: rows.map((r) => r.name) }
  })()
  return backend.dump
}

async function serve(
  modules: PgliteModules,
  db: PGlite,
  path: string,
  internalName: string,
): Promise<Backend> {
  const server = new modules.PGLiteSocketServer({ db, path, maxConnections: QUEUED_CONNECTIONS })
  await server.start()
  return {
    db,
    server,
    path,
    internalName,
    sockets: new Set(),
    guard: new TransactionGuard(),
    dump: undefined,
  }
}
