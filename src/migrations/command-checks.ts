/**
 * Migration checks for projects whose migrations run through their own tool
 * (`migrations: { command, down }`): all ups, idempotency (the up command run twice changes
 * nothing), a round trip (one down, then up again, gives the same schema) and the whole down
 * chain step by step (`alembic downgrade -1` until the schema is empty), on a scratch database.
 * The tools' own bookkeeping tables are not schema.
 * @module
 */
import { createScratchDatabase, MigrationError, runMigrationCommand, TOOL_TABLE_NAMES } from '../sql/index.js'
import { schemaProbe } from './harness/model-probe.js'
import type { SchemaCapture } from './harness/schema-probe.js'

/** Bookkeeping tables of common tools, ignored when comparing schemas. */
const TOOL_TABLES = TOOL_TABLE_NAMES.map((name) => `*.${name}`)

export interface CommandChecksOptions {
  /** Admin URL of the server (needs CREATEDB). */
  readonly server: string
  /** Migrates to the latest version, e.g. `alembic upgrade head`. */
  readonly command: string
  /** Undoes one migration, e.g. `alembic downgrade -1`; without it only up and idempotent run. */
  readonly down?: string
  /** The project folder the commands run in. */
  readonly cwd: string
  /** More objects to ignore when comparing (globs as in `diffSchemas`). */
  readonly ignore?: readonly string[]
  /** Most down steps tried before the chain counts as endless; default 500. */
  readonly maxDownSteps?: number
}

/** One check's outcome. */
export interface CommandCheck {
  readonly name: 'up' | 'idempotent' | 'roundtrip' | 'down'
  readonly ok: boolean
  readonly detail: string
}

export interface CommandChecksReport {
  readonly ok: boolean
  readonly checks: readonly CommandCheck[]
}

/**
 * Runs the checks; never throws for a failing migration (it is in the report).
 *
 * @example
 * const report = await checkCommandMigrations({ server, cwd, command: 'alembic upgrade head', down: 'alembic downgrade -1' })
 */
export async function checkCommandMigrations(options: CommandChecksOptions): Promise<CommandChecksReport> {
  const ignore = [...TOOL_TABLES, ...(options.ignore ?? [])]
  const differences = (a: SchemaCapture, b: SchemaCapture): string[] =>
    schemaProbe.differences(a, b, { ignore })
  const db = await createScratchDatabase(options.server, { prefix: 'pgt', purpose: 'cmdcheck' })
  const checks: CommandCheck[] = []
  const run = async (command: string): Promise<string | undefined> => {
    try {
      await runMigrationCommand(command, { url: db.url, cwd: options.cwd })
      return undefined
    } catch (err) {
      if (err instanceof MigrationError) return err.message
      throw err
    }
  }
  const capture = (): Promise<SchemaCapture> => schemaProbe.capture(db.session)
  try {
    const empty = await capture()
    const upError = await run(options.command)
    checks.push({
      name: 'up',
      ok: upError === undefined,
      detail: upError ?? `\`${options.command}\` migrated an empty database`,
    })
    if (upError !== undefined) return report(checks)
    const latest = await capture()
    const againError = await run(options.command)
    const again = againError === undefined ? differences(latest, await capture()) : []
    checks.push({
      name: 'idempotent',
      ok: againError === undefined && again.length === 0,
      detail:
        againError ??
        (again.length === 0
          ? 'running it again changed nothing'
          : `running it again changed: ${again.join('; ')}`),
    })
    if (options.down === undefined) return report(checks)
    checks.push(await roundTrip(options.command, options.down, run, capture, differences, latest))
    checks.push(await downChain(options.down, run, capture, differences, empty, options.maxDownSteps ?? 500))
    return report(checks)
  } finally {
    await db.drop()
  }
}

type Run = (command: string) => Promise<string | undefined>
type Capture = () => Promise<SchemaCapture>
type Differences = (a: SchemaCapture, b: SchemaCapture) => string[]

/** One down, then up again: the schema must be the latest one again. */
async function roundTrip(
  up: string,
  down: string,
  run: Run,
  capture: Capture,
  differences: Differences,
  latest: SchemaCapture,
): Promise<CommandCheck> {
  const downError = await run(down)
  if (downError !== undefined) return { name: 'roundtrip', ok: false, detail: downError }
  const undone = differences(latest, await capture())
  const upError = await run(up)
  if (upError !== undefined) return { name: 'roundtrip', ok: false, detail: `after one down, ${upError}` }
  const left = differences(latest, await capture())
  if (left.length > 0)
    return {
      name: 'roundtrip',
      ok: false,
      detail: `down then up does not restore the schema: ${left.join('; ')}`,
    }
  return {
    name: 'roundtrip',
    ok: true,
    detail:
      undone.length === 0
        ? `\`${down}\` changed no schema object (a data-only migration?); up again restored the same schema`
        : `\`${down}\` undid ${undone.length} change(s); up again restored the same schema`,
  }
}

/** Down step by step until the schema is empty; each step must change something. */
async function downChain(
  down: string,
  run: Run,
  capture: Capture,
  differences: Differences,
  empty: SchemaCapture,
  maxSteps: number,
): Promise<CommandCheck> {
  let previous = await capture()
  for (let step = 1; step <= maxSteps; step++) {
    if (differences(empty, previous).length === 0)
      return { name: 'down', ok: true, detail: `${step - 1} down step(s) brought the schema back to empty` }
    const error = await run(down)
    if (error !== undefined) return { name: 'down', ok: false, detail: `down step ${step}: ${error}` }
    const now = await capture()
    if (differences(previous, now).length === 0) {
      const left = differences(empty, now)
      return {
        name: 'down',
        ok: false,
        detail: `down step ${step} changed nothing, but objects remain: ${left.join('; ')}`,
      }
    }
    previous = now
  }
  return { name: 'down', ok: false, detail: `the schema was not empty after ${maxSteps} down steps` }
}

function report(checks: CommandCheck[]): CommandChecksReport {
  return { ok: checks.every((c) => c.ok), checks }
}
