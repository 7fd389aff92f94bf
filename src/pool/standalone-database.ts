/**
 * Databases made outside a test run (`pgtestbed db new`): cloned from the same template, named
 * `<prefix>_db_<random>` so the automatic reaper leaves them alone; `db drop` or
 * `db prune --all` removes them.
 * @module
 */
import { randomBytes } from 'node:crypto'
import type { ResolvedConfig } from '../config/index.js'
import { databaseUrl, type StartedEngine } from '../engine/index.js'
import pg from '../internal/pg.js'
import { createDatabase, strategyFor } from '../sql/index.js'
import { ensureTemplate } from './build-template.js'
import { templateName } from './naming.js'
import { holdTemplate } from './prune-templates.js'
import { templateInputs } from './template-inputs.js'

export interface StandaloneDatabase {
  readonly name: string
  readonly url: string
  readonly template: string
  /** Milliseconds from start to a ready database (template reuse or build included). */
  readonly ms: number
  readonly templateBuilt: boolean
}

/**
 * Clones a new database from the project's template on a running engine.
 *
 * @example
 * const db = await createStandaloneDatabase(engine, config)
 */
export async function createStandaloneDatabase(
  engine: StartedEngine,
  config: ResolvedConfig,
): Promise<StandaloneDatabase> {
  const started = performance.now()
  const inputs = await templateInputs(config, engine.serverVersionNum)
  const admin = new pg.Client({ connectionString: engine.url })
  await admin.connect()
  let template: Awaited<ReturnType<typeof ensureTemplate>>
  const name = `${config.prefix}_db_${randomBytes(4).toString('hex')}`
  try {
    // In use until cloned: another process's pruning leaves it alone.
    await holdTemplate(admin, templateName(config.prefix, inputs.hash))
    template = await ensureTemplate(engine.url, templateName(config.prefix, inputs.hash), inputs, config)
    const strategy = strategyFor(engine.serverVersionNum, config.cloneStrategy)
    await createDatabase(admin, name, { template: template.name, strategy })
  } finally {
    await admin.end()
  }
  return {
    name,
    url: databaseUrl(engine.url, name),
    template: template.name,
    ms: performance.now() - started,
    templateBuilt: template.built,
  }
}
