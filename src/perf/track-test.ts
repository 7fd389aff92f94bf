/**
 * The hook the runner integrations call: wraps a test's database fixture, times its phases
 * (acquire, body, release), reads the database's statements right after the body (before the
 * database is dropped) and appends the test's record. With tracking off it just runs the fixture.
 * @module
 */
import { relative } from 'node:path'
import { perfFlag } from '../internal/perf-flag.js'
import { appendPending } from './pending-records.js'
import { type PerfSettings, perfSettings } from './perf-options.js'
import type { TestRecord } from './record.js'
import { readStatements } from './statements.js'

/** Names a test. */
export interface TestMeta {
  readonly name: string
  /** Suites around the test, outermost first. */
  readonly suites?: readonly string[]
  readonly file?: string | undefined
  readonly line?: number | undefined
  /**
   * The runner's verdict, where the fixture cannot see the test's error (vitest resolves a
   * fixture's `use` whatever the test did): `fail` records a failure, `skip` no record at all.
   */
  readonly state?: string | undefined
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
  const settings = await trackingSettings(configured)
  if (!settings.enabled) return fixture(use)
  let bodyStart = started
  let bodyEnd: number | undefined
  let database: V | undefined
  let outcome: 'passed' | 'failed' = 'passed'
  let skipped = false
  let reading: Awaited<ReturnType<typeof readStatements>> | undefined
  let fixtureError: unknown
  try {
    await fixture(async (db) => {
      database = db
      bodyStart = performance.now()
      try {
        await use(db)
      } catch (err) {
        if (isSkip(err)) skipped = true
        else outcome = 'failed'
        throw err
      } finally {
        bodyEnd = performance.now()
        reading = await readTestStatements(db, settings)
      }
    })
  } catch (err) {
    if (!skipped) outcome = 'failed'
    fixtureError = err
  }
  const ended = performance.now()
  const named = typeof meta === 'function' ? meta() : meta
  // The runner's verdict, where it gives one, wins over what the fixture saw.
  if (named.state === 'fail') outcome = 'failed'
  else if (named.state === 'pass') outcome = 'passed'
  // A test that skipped itself mid-body did not run: no record, so it cannot skew a baseline.
  if (database !== undefined && bodyEnd !== undefined && !skipped && named.state !== 'skip') {
    const phases = { acquire: bodyStart - started, body: bodyEnd - bodyStart, release: ended - bodyEnd }
    writeTestRecord(settings, named, { phases, outcome, reading })
  }
  if (fixtureError !== undefined) throw fixtureError
}

/** vitest's `ctx.skip()` throws this error (code VITEST_PENDING) to end the test as skipped. */
function isSkip(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'VITEST_PENDING'
}

/**
 * Whether this test is tracked, and where its record goes: `PGTESTBED_PERF` when set, else the
 * config's `perf` as `configured()` reports it.
 */
export async function trackingSettings(
  configured?: () => Promise<boolean | undefined>,
): Promise<PerfSettings> {
  return perfFlag(process.env) === undefined && configured !== undefined
    ? perfSettings(process.env, process.cwd(), (await configured().catch(() => false)) === true)
    : perfSettings()
}

type StatementsReading = Awaited<ReturnType<typeof readStatements>>

/** The test database's own account of the test (read before it is dropped); a note when unreadable. */
export async function readTestStatements(
  db: TrackedDatabase,
  settings: PerfSettings,
): Promise<StatementsReading> {
  return readStatements(db.url, db.name, { nPlusOne: settings.nPlusOne }).catch((err: Error) => ({
    counts: null,
    top: [],
    nPlusOne: [],
    notes: [`pg_stat_statements could not be read: ${err.message}`],
    serverVersion: undefined,
  }))
}

/** Appends one test's record to the run's pending records (phases in ms). */
export function writeTestRecord(
  settings: PerfSettings,
  meta: TestMeta,
  result: {
    readonly phases: { readonly acquire: number; readonly body: number; readonly release: number }
    readonly outcome: 'passed' | 'failed'
    readonly reading: StatementsReading | undefined
  },
): void {
  const { phases, outcome, reading } = result
  const record: TestRecord = {
    id: [meta.file ?? '', ...(meta.suites ?? []), meta.name].join(' > '),
    name: meta.name,
    file: meta.file,
    line: meta.line,
    outcome,
    phases: { acquire: ms(phases.acquire), body: ms(phases.body), release: ms(phases.release) },
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

function ms(value: number): number {
  return Math.round(value * 1000) / 1000
}

/** A vitest task's name, suites, file and line. */
export function vitestTestMeta(task: {
  name: string
  file?: { filepath?: string; name?: string }
  suite?: { name: string; suite?: unknown } | undefined
  location?: { line: number } | undefined
  result?: { state?: string } | undefined
  /** `test.fails`: vitest turns the verdict around after the fixtures are torn down. */
  fails?: boolean | undefined
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
      state: task.fails === true ? expectedFailureState(task.result?.state) : task.result?.state,
    }
  }
}

/** The verdict of a `test.fails` test: it passes when its body failed, and fails otherwise. */
function expectedFailureState(state: string | undefined): string | undefined {
  if (state === 'skip') return state
  return state === 'fail' ? 'pass' : 'fail'
}

/** A node:test context's name and file. */
export function nodeTestMeta(t: unknown): () => TestMeta {
  return () => {
    const ctx = (t ?? {}) as { name?: string; fullName?: string; filePath?: string }
    const file = ctx.filePath ?? process.argv[1]
    return { name: ctx.fullName ?? ctx.name ?? '(unnamed)', file: file && relative(process.cwd(), file) }
  }
}
