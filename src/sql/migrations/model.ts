/**
 * The normalized migration model every format reader produces: plain, frozen data.
 * @module
 */

/** One SQL script of a migration (its up or its down), with where it came from. */
export interface MigrationScript {
  readonly kind: 'script'
  /** The SQL to run, placeholders not yet substituted. */
  readonly sql: string
  /** Absolute path of the file the SQL comes from. */
  readonly file: string
  /** 1-based line of `file` where `sql` starts (sections of one file start further down). */
  readonly line: number
  /** False when the format marks the script to run outside a transaction (e.g. `transaction:false`). */
  readonly transaction: boolean
}

/** One migration: an up script and, where the format has them, a down script. */
export interface Migration {
  readonly kind: 'migration'
  /** Sortable identity: the version where the format has one, else the file name. */
  readonly id: string
  /** The migration's name as it stands in the folder (file or directory name). */
  readonly name: string
  readonly up: MigrationScript
  readonly down?: MigrationScript
  /** Sqitch `verify/` script: runs after the up; an error means the change is not in place. */
  readonly verify?: MigrationScript
  /** Flyway `R__` migrations: re-applied after the versioned ones. */
  readonly repeatable?: boolean
}

/** A migration folder read by one format. */
export interface MigrationSet {
  readonly kind: 'migration-set'
  /** Format name, e.g. `dbmate`. */
  readonly format: FormatName
  readonly dir: string
  /** In the order they apply. */
  readonly migrations: readonly Migration[]
  /** False for formats without down migrations (Prisma, Drizzle): down checks are skipped. */
  readonly supportsDown: boolean
}

/** Every layout pgtestbed reads. */
export type FormatName =
  | 'sql'
  | 'golang-migrate'
  | 'dbmate'
  | 'node-pg-migrate'
  | 'flyway'
  | 'sqitch'
  | 'diesel'
  | 'prisma'
  | 'drizzle'
  | 'goose'
  | 'sql-migrate'
  | 'liquibase'
  | 'sqlx'
  | 'atlas'
  | 'graphile-migrate'

/**
 * The seam each layout implements: `detect` says whether a folder looks like this layout,
 * `read` turns it into ordered migrations (or throws a `MigrationError` naming the file).
 *
 * @example
 * const format: MigrationFormat = { name: 'sql', supportsDown: false, detect, read }
 */
export interface MigrationFormat {
  readonly name: FormatName
  readonly supportsDown: boolean
  /** One line, for "layouts tried" messages. */
  readonly describe: string
  detect(dir: string): Promise<boolean>
  read(dir: string): Promise<readonly Migration[]>
}

/** Builds a frozen script. */
export function script(sql: string, file: string, line: number, transaction: boolean): MigrationScript {
  return Object.freeze({ kind: 'script', sql, file, line, transaction })
}

/** Builds a frozen migration. */
export function migration(fields: Omit<Migration, 'kind'>): Migration {
  return Object.freeze({ kind: 'migration', ...fields })
}
