/**
 * Builds the template database once, even when many processes start together: the build runs
 * under an advisory lock, under a private name; only a finished template gets its final name
 * (and IS_TEMPLATE, ALLOW_CONNECTIONS false, so nothing can connect to it and break a clone with
 * SQLSTATE 55006). A crash mid-build leaves only a `_build` database, dropped by the next build.
 * @module
 */
import type { ResolvedConfig, SetupContext } from '../config/index.js'
import { databaseUrl } from '../engine/index.js'
import { messageOf, TemplateBuildError } from '../errors.js'
import { loadTemplateFixtures } from '../fixtures/index.js'
import { crashPoint } from '../internal/crash-point.js'
import pg from '../internal/pg.js'
import {
  applyMigrations,
  createDatabase,
  dropDatabase,
  MigrationError,
  type MigrationSet,
  quoteIdent,
  runMigrationCommand,
} from '../sql/index.js'
import { LOCK_SPACE } from './liveness.js'
import { buildName } from './naming.js'
import { TEMPLATE_COMMENT } from './prune-templates.js'
import type { TemplateInputs } from './template-inputs.js'

export interface BuiltTemplate {
  readonly name: string
  /** False when an existing template with the same inputs was reused. */
  readonly built: boolean
  readonly ms: number
}

/**
 * Makes sure template `name` exists and is complete; builds it when missing.
 *
 * @example
 * const { built } = await ensureTemplate(server.url, 'pgt_tpl_ab12', inputs, config)
 */
export async function ensureTemplate(
  adminUrl: string,
  name: string,
  inputs: TemplateInputs,
  config: Pick<ResolvedConfig, 'setup' | 'rootDir'> & Partial<Pick<ResolvedConfig, 'fixtures'>>,
): Promise<BuiltTemplate> {
  const started = performance.now()
  const admin = new pg.Client({ connectionString: adminUrl })
  // A dropped connection must fail the build's next query, not crash the process ('error' event).
  admin.on('error', () => undefined)
  await admin.connect()
  try {
    if (await isComplete(admin, name)) return { name, built: false, ms: performance.now() - started }
    await admin.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_SPACE, name])
    try {
      // Another process may have finished it while we waited for the lock.
      if (await isComplete(admin, name)) return { name, built: false, ms: performance.now() - started }
      await build(admin, adminUrl, name, inputs, config)
      return { name, built: true, ms: performance.now() - started }
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, name])
    }
  } finally {
    await admin.end()
  }
}

async function isComplete(admin: pg.Client, name: string): Promise<boolean> {
  const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate', [name])
  return rows.length > 0
}

async function build(
  admin: pg.Client,
  adminUrl: string,
  name: string,
  inputs: TemplateInputs,
  config: Pick<ResolvedConfig, 'setup' | 'rootDir'> & Partial<Pick<ResolvedConfig, 'fixtures'>>,
): Promise<void> {
  const building = buildName(name)
  // Leftovers: a crashed build, or a final-named database that never got marked complete.
  await dropDatabase(admin, building)
  await dropDatabase(admin, name)
  await createDatabase(admin, building, { template: 'template0' })
  crashPoint('template:building')
  try {
    const url = databaseUrl(adminUrl, building)
    const db = new pg.Client({ connectionString: url })
    db.on('error', () => undefined) // as admin's: the failing step reports it
    await db.connect()
    try {
      if (inputs.migrations !== undefined) await applyTemplateMigrations(db, inputs.migrations)
      if (inputs.command !== undefined)
        await runCommandMigrations(inputs.command.command, url, config.rootDir)
      await loadTemplateFixtures(db, config.fixtures, {
        withSchema: inputs.migrations === undefined && inputs.command === undefined,
        rootDir: config.rootDir,
      })
      if (config.setup !== undefined) await runSetup(db, url, building, config.setup)
    } finally {
      await db.end()
    }
    await admin.query(`ALTER DATABASE ${quoteIdent(building)} WITH ALLOW_CONNECTIONS false`)
    // The build time orders templates for pruning (see prune-templates.ts).
    await admin.query(
      `COMMENT ON DATABASE ${quoteIdent(building)} IS ${quoteLiteral(TEMPLATE_COMMENT + new Date().toISOString())}`,
    )
    await admin.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`)
    crashPoint('template:renamed')
    // Marking it a template is the last step: only now does isComplete() see it.
    await admin.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE true`)
  } catch (err) {
    await dropDatabase(admin, building)
    await dropDatabase(admin, name).catch(() => undefined)
    throw err
  }
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

/** Runs every up (no state table: the template holds only the schema and data). */
async function applyTemplateMigrations(db: pg.Client, set: MigrationSet): Promise<void> {
  try {
    await applyMigrations(db, set)
  } catch (err) {
    if (!(err instanceof MigrationError)) throw err
    throw new TemplateBuildError(
      `Failed to build the template: ${err.message.replace(/^Failed to /, '')} The template is rebuilt on the next run.`,
      { ...(err.file ? { file: err.file } : {}), ...(err.line ? { line: err.line } : {}), cause: err },
    )
  }
}

/** Runs the project's own migration tool against the template being built. */
async function runCommandMigrations(command: string, url: string, rootDir: string): Promise<void> {
  try {
    await runMigrationCommand(command, { url, cwd: rootDir })
  } catch (err) {
    if (!(err instanceof MigrationError)) throw err
    throw new TemplateBuildError(
      `Failed to build the template: ${err.message.replace(/^Failed to /, '')}\nThe template is rebuilt on the next run.`,
      { cause: err },
    )
  }
}

async function runSetup(
  db: pg.Client,
  url: string,
  name: string,
  setup: NonNullable<ResolvedConfig['setup']>,
): Promise<void> {
  const context: SetupContext = { url, name, query: (text, params) => db.query(text, params as unknown[]) }
  try {
    await setup(context)
  } catch (err) {
    throw new TemplateBuildError(
      `Failed to build the template: the setup hook threw: ${messageOf(err)}. ` +
        'Fix setup() in your pgtestbed config; the template is rebuilt on the next run.',
      { cause: err },
    )
  }
}
