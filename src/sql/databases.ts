/**
 * The SQL that creates, clones and drops databases — written once, every name quoted.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'
import { quoteIdent } from './quote.js'

/** How `CREATE DATABASE … TEMPLATE` copies the template (PostgreSQL 15+). */
export type CloneStrategy = 'file_copy' | 'wal_log'

/** Options of `createDatabaseSql`. */
export interface CreateDatabaseOptions {
  /** Template to copy, e.g. `template0` or a pgtestbed template; default the server's. */
  readonly template?: string
  /** Copy strategy; left out when undefined (servers before 15 do not know it). */
  readonly strategy?: CloneStrategy | undefined
}

/**
 * `CREATE DATABASE "name" [TEMPLATE "t"] [STRATEGY S]`.
 *
 * @example
 * createDatabaseSql('pgt_r1_ab_1', { template: 'pgt_tpl_x', strategy: 'file_copy' })
 * // 'CREATE DATABASE "pgt_r1_ab_1" TEMPLATE "pgt_tpl_x" STRATEGY FILE_COPY'
 */
export function createDatabaseSql(name: string, options: CreateDatabaseOptions = {}): string {
  const template = options.template === undefined ? '' : ` TEMPLATE ${quoteIdent(options.template)}`
  const strategy = options.strategy === undefined ? '' : ` STRATEGY ${options.strategy.toUpperCase()}`
  return `CREATE DATABASE ${quoteIdent(name)}${template}${strategy}`
}

/**
 * The clone strategy to name on a server: `strategy` on PostgreSQL 15 and newer, none before.
 *
 * @example
 * await admin.query(createDatabaseSql(name, { template, strategy: strategyFor(150000, 'file_copy') }))
 */
export function strategyFor(serverVersionNum: number, strategy: CloneStrategy): CloneStrategy | undefined {
  return serverVersionNum >= 150000 ? strategy : undefined
}

/** Options of `dropDatabaseSql`. */
export interface DropDatabaseOptions {
  /** `IF EXISTS`; default true. */
  readonly ifExists?: boolean
  /** `WITH (FORCE)`: end the sessions connected to it; default true. */
  readonly force?: boolean
}

/**
 * `DROP DATABASE [IF EXISTS] "name" [WITH (FORCE)]`.
 *
 * @example
 * dropDatabaseSql('pgt_fx_1a2b') // 'DROP DATABASE IF EXISTS "pgt_fx_1a2b" WITH (FORCE)'
 */
export function dropDatabaseSql(name: string, options: DropDatabaseOptions = {}): string {
  const ifExists = options.ifExists === false ? '' : 'IF EXISTS '
  const force = options.force === false ? '' : ' WITH (FORCE)'
  return `DROP DATABASE ${ifExists}${quoteIdent(name)}${force}`
}

/**
 * Creates database `name` through an admin session.
 *
 * @example
 * await createDatabase(admin, 'pgt_tpl_ab_build', { template: 'template0' })
 */
export async function createDatabase(
  admin: Queryable,
  name: string,
  options: CreateDatabaseOptions = {},
): Promise<void> {
  await admin.query(createDatabaseSql(name, options))
}

/**
 * Drops database `name` (by default `IF EXISTS … WITH (FORCE)`) through an admin session.
 *
 * @example
 * await dropDatabase(admin, 'pgt_tpl_ab_build')
 */
export async function dropDatabase(
  admin: Queryable,
  name: string,
  options: DropDatabaseOptions = {},
): Promise<void> {
  await admin.query(dropDatabaseSql(name, options))
}
