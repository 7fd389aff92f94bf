/**
 * The hook the runner integrations call: wraps a test's database fixture, times its phases
 * (acquire, body, release), reads the database's statements right after the body (before the
 * database is dropped) and appends the test's record. With tracking off it just runs the fixture.
 * @module
 */
import { relative } from 'node:path'
import { perfFlag } from '../config/perf-flag.js'
import { appendPending } from './pending-records.js'
import { perfSettings } from './perf-options.js'
import type { TestRecord } from './record.js'
import { readStatements } from './statements.js'

/** Names a test. */
export interface TestMeta {
  readonly name: string
  /** Suites around the test, outermost first. */
  readonly suites?: readonly string[]
  readonly file?: string | undefined
  readonly line?: number | undefined
}

/** What the fixture hands the test: anything naming its database. */
export interface TrackedDatabase {
  readonly name: string
  readonly url: string
}

/**
 * Runs `fixture` (acquire, `use(db)`, release) around `use`, recording the test when
 * `PGTESTBED_PERF` is on, or when it is unset and `configured()` (the config's `perf`, known
 * once the process's testbed is up) says so.
 *
 * @example
 * db: async ({ task }, use) => perfFixture(vitestTestMeta(task), async (use) => { ... await use(db) ... }, use)
 */
export async function perfFixture<V extends TrackedDatabase>(
  meta: TestMeta | (() => TestMeta),
  fixture: (use: (db: V) => Promise<void>) => Promise<void>,
  use: (db: V) => Promise<void>,
  configured?: () => Promise<boolean | undefined>,
): Promise<void> {
  const started = performance.now()
  const settings =
    perfFlag(process.env) === undefined && configured !== undefined
      ? perfSettings(process.env, process.cwd(), (await configured().catch(() => false)) === true)
      : perfSettings()
  if (!settings.enabled) return fixture(use)
  let bodyStart = started
  let bodyEnd: number | undefined
  let database: V | undefined
  let outcome: 'passed' | 'failed' = 'passed'
  let reading: Awaited<ReturnType<typeof readStatements>> | undefined
  let fixtureError: unknown
  try {
    await fixture(async (db) => {
      database = db
      bodyStart = performance.now()
      try {
        await use(db)
      } catch (err) {
        outcome = 'failed'
        throw err
      } finally {
        bodyEnd = performance.now()
        reading = await readStatements(db.url, db.name, { nPlusOne: settings.nPlusOne }).catch(
          (err: Error) => ({
            counts: null,
            top: [],
            nPlusOne: [],
            notes: [`pg_stat_statements could not be read: ${err.message}`],
            serverVersion: undefined,
          }),
        )
      }
    })
  } catch (err) {
    outcome = 'failed'
    fixtureError = err
  }
  const ended = performance.now()
  if (database !== undefined && bodyEnd !== undefined) {
    const m = typeof meta === 'function' ? meta() : meta
    const record: TestRecord = {
      id: [m.file ?? '', ...(m.suites ?? []), m.name].join(' > '),
      name: m.name,
      file: m.file,
      line: m.line,
      outcome,
      phases: {
        acquire: ms(bodyStart - started),
        body: ms(bodyEnd - bodyStart),
        release: ms(ended - bodyEnd),
      },
      counts: reading?.counts ?? null,
      top: reading?.top ?? [],
      nPlusOne: reading?.nPlusOne ?? [],
      notes: reading?.notes ?? [],
    }
    try {
      appendPending(settings.dir, settings.runId, record, reading?.serverVersion)
    } catch (err) {
      process.stderr.write(`pgtestbed perf: could not write ${settings.dir}: ${(err as Error).message}\n`)
    }
  }
  if (fixtureError !== undefined) throw fixtureError
}

function ms(value: number): number {
  return Math.round(value * 1000) / 1000
}

/** A vitest task's name, suites, file and line. */
export function vitestTestMeta(task: {
  name: string
  file?: { filepath?: string; name?: string }
  suite?: { name: string; suite?: unknown } | undefined
  location?: { line: number } | undefined
}): () => TestMeta {
  return () => {
    const suites: string[] = []
    let suite = task.suite as { name: string; suite?: unknown } | undefined
    while (suite !== undefined && suite.name !== '') {
      suites.unshift(suite.name)
      suite = suite.suite as typeof suite
    }
    return {
      name: task.name,
      suites,
      file: task.file?.name ?? task.file?.filepath,
      line: task.location?.line,
    }
  }
}

/** A node:test context's name and file. */
export function nodeTestMeta(t: unknown): () => TestMeta {
  return () => {
    const ctx = (t ?? {}) as { name?: string; fullName?: string; filePath?: string }
    const file = ctx.filePath ?? process.argv[1]
    return { name: ctx.fullName ?? ctx.name ?? '(unnamed)', file: file && relative(process.cwd(), file) }
  }
}
