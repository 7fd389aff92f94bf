/**
 * Migrations run by the project's own tool (`alembic upgrade head`, `npx knex migrate:latest`):
 * the command runs in a shell in the project folder with `DATABASE_URL` and the libpq `PG*`
 * variables aimed at one database. A failure names the command, its exit status and the tail of
 * its stderr (passwords redacted).
 * @module
 */
import { spawn } from 'node:child_process'
import { MigrationError } from './migration-error.js'

/** What a migration command printed, and how long it took. */
export interface CommandRun {
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

export interface RunMigrationCommandOptions {
  /** The database the command migrates. */
  readonly url: string
  /** The project folder the command runs in. */
  readonly cwd: string
  /** Environment the command starts from; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv
  readonly signal?: AbortSignal
}

/** Characters of stderr kept for the error message (the end is where tools say what failed). */
const TAIL = 2000

/**
 * Runs `command` against `options.url`; throws a `MigrationError` (`PGT_MIGRATION_FAILED`) when
 * it exits non-zero or cannot start.
 *
 * @example
 * await runMigrationCommand('alembic upgrade head', { url: db.url, cwd: projectDir })
 */
export function runMigrationCommand(
  command: string,
  options: RunMigrationCommandOptions,
): Promise<CommandRun> {
  const started = performance.now()
  const url = new URL(options.url)
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    DATABASE_URL: options.url,
    PGHOST: url.hostname,
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: decodeURIComponent(url.pathname.slice(1)),
  }
  const secret = decodeURIComponent(url.password)
  const redact = (text: string): string => (secret === '' ? text : text.replaceAll(secret, '***'))
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      shell: true,
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout = (stdout + d.toString()).slice(-64 * 1024)
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-64 * 1024)
    })
    child.once('error', (err) =>
      reject(
        new MigrationError(
          'PGT_MIGRATION_FAILED',
          `Failed to run the migration command \`${command}\`: ${err.message}.`,
          {
            cause: err,
          },
        ),
      ),
    )
    child.once('close', (code, signal) => {
      if (code === 0) {
        resolve({ stdout: redact(stdout), stderr: redact(stderr), ms: performance.now() - started })
        return
      }
      const status = signal === null ? `exited with code ${code}` : `was killed by ${signal}`
      const tail = redact((stderr.trim() || stdout.trim()).slice(-TAIL))
      reject(
        new MigrationError(
          'PGT_MIGRATION_FAILED',
          `Failed to run the migration command \`${command}\` in ${options.cwd}: it ${status}.` +
            (tail === '' ? ' It printed nothing.' : `\n--- its output (last lines) ---\n${tail}\n---`) +
            '\nFix the migration or the command (it gets DATABASE_URL and PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE).',
        ),
      )
    })
  })
}
