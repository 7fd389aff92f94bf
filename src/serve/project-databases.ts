/**
 * pgtestbed's own short route: "a fresh database from this project's template" → its URL, and
 * giving it back (kept for inspection when the test failed and `onFailure` is `keep`). With
 * tracking on, a release that names its test records it as the JS runners' fixtures do: the
 * database's statements are read before it is dropped.
 * @module
 */
import type { PerfSettings } from '../perf/perf-options.js'
import { summaryLine } from '../perf/report/terminal-report.js'
import { finishRun } from '../perf/run-record.js'
import { readTestStatements, type TestMeta, writeTestRecord } from '../perf/track-test.js'
import type { LeasedDatabase, Testbed } from '../pool/index.js'
import { HttpError } from './http-error.js'

/** What `POST /pgtestbed/v1/databases` answers. */
export interface HandedOut {
  readonly id: number
  readonly name: string
  readonly url: string
}

/** The test a release names (the pytest plugin sends it): who it was and how long its phases took (ms). */
export interface ReleasedTest extends TestMeta {
  readonly acquireMs: number
  readonly bodyMs: number
}

/** The project's databases handed out over HTTP, by id. */
export class ProjectDatabases {
  readonly #bed: Testbed
  readonly #perf: PerfSettings | undefined
  readonly #leased = new Map<number, LeasedDatabase>()
  #nextId = 1

  /** `perf`: where records go when tracking is on; without it releases are never recorded. */
  constructor(bed: Testbed, perf?: PerfSettings) {
    this.#bed = bed
    this.#perf = perf?.enabled === true ? perf : undefined
  }

  async acquire(): Promise<HandedOut> {
    const db = await this.#bed.acquire()
    const id = this.#nextId++
    this.#leased.set(id, db)
    return { id, name: db.name, url: db.url }
  }

  /** Gives database `id` back; a failed test's is kept when the config says so. */
  async release(
    id: number,
    outcome: 'passed' | 'failed',
    test?: ReleasedTest,
  ): Promise<{ kept: boolean; name: string }> {
    const db = this.#leased.get(id)
    if (db === undefined) throw new HttpError(404, `database ${id} is not handed out`)
    this.#leased.delete(id)
    const perf = test === undefined ? undefined : this.#perf
    // Read before the release drops the database.
    const reading = perf === undefined ? undefined : await readTestStatements(db, perf)
    const releasing = performance.now()
    await db.release({ outcome })
    if (perf !== undefined && test !== undefined) {
      const phases = { acquire: test.acquireMs, body: test.bodyMs, release: performance.now() - releasing }
      writeTestRecord(perf, test, { phases, outcome, reading })
    }
    return { kept: outcome === 'failed' && this.#bed.config.onFailure === 'keep', name: db.name }
  }

  /** Gathers the recorded tests into a run record; its one-line summary, or undefined if none. */
  finishPerf(): string | undefined {
    const perf = this.#perf
    if (perf === undefined) return undefined
    const done = finishRun({ dir: perf.dir, runId: perf.runId, cwd: this.#bed.config.rootDir })
    return done === undefined ? undefined : `${summaryLine(done.run)} (${done.file})`
  }

  get leased(): number {
    return this.#leased.size
  }
}
