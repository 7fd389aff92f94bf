/**
 * The data perf tracking writes: one record per test, one record per run. Plain JSON, tagged
 * with a format and version so older files are recognised.
 * @module
 */

/** Wall time of a test by phase, in milliseconds. */
export interface PhaseTimes {
  /** From the fixture's start to the database in hand (includes a lazily built template). */
  readonly acquire: number
  /** The test body (and the runner's hooks that ran inside the fixture). */
  readonly body: number
  /** Ending connections and dropping (or keeping) the database. */
  readonly release: number
}

/** The database's own, machine-independent account of a test (from pg_stat_statements). */
export interface StatementCounts {
  readonly calls: number
  readonly rows: number
  /** Shared blocks hit + read: the pages the test touched, whatever was cached. */
  readonly blocks: number
  readonly blocksRead: number
  readonly tempBlocks: number
  readonly walBytes: number
  /** Total execution time inside the server, ms (a time: not compared across machines). */
  readonly execMs: number
}

/** One normalized statement of a test. */
export interface QueryStat {
  readonly query: string
  readonly calls: number
  readonly rows: number
  readonly execMs: number
  readonly blocks: number
}

/** One test's record. */
export interface TestRecord {
  /** `file > suite > test`: the key baselines compare by. */
  readonly id: string
  readonly name: string
  readonly file: string | undefined
  readonly line: number | undefined
  readonly outcome: 'passed' | 'failed'
  readonly phases: PhaseTimes
  /** Null when pg_stat_statements is not available (see `notes`). */
  readonly counts: StatementCounts | null
  readonly top: readonly QueryStat[]
  /** Statements run at least N times in this test (see perfSettings().nPlusOne). */
  readonly nPlusOne: readonly QueryStat[]
  readonly notes: readonly string[]
}

/** The environment a run was measured in. */
export interface MachineInfo {
  readonly platform: string
  readonly arch: string
  readonly cpus: number
  readonly cpuModel: string
  readonly node: string
  /** e.g. `17.2`; undefined when no test reached the server. */
  readonly postgres: string | undefined
  readonly commit: string | undefined
}

export const RUN_FORMAT = 'pgtestbed-perf-run'
export const RUN_VERSION = 1

/** One run: every test's record plus where it ran. */
export interface RunRecord {
  readonly format: 'pgtestbed-perf-run'
  readonly version: number
  readonly id: string
  readonly createdAt: string
  readonly machine: MachineInfo
  readonly tests: readonly TestRecord[]
}
