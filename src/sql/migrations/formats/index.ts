/**
 * Every migration layout pgtestbed reads, in the order auto-detection tries them (most specific
 * first; the plain `.sql` folder last).
 * @module
 */
import type { FormatName, MigrationFormat } from '../model.js'
import { atlasFormat } from './atlas.js'
import { dbmateFormat } from './dbmate.js'
import { dieselFormat } from './diesel.js'
import { drizzleFormat } from './drizzle.js'
import { flywayFormat } from './flyway.js'
import { golangMigrateFormat } from './golang-migrate.js'
import { gooseFormat } from './goose.js'
import { graphileMigrateFormat } from './graphile-migrate.js'
import { liquibaseFormat } from './liquibase.js'
import { nodePgMigrateFormat } from './node-pg-migrate.js'
import { plainSqlFormat } from './plain-sql.js'
import { prismaFormat } from './prisma.js'
import { sqitchFormat } from './sqitch.js'
import { sqlMigrateFormat } from './sql-migrate.js'
import { sqlxFormat } from './sqlx.js'

/**
 * The formats in detection order: marker files and folders first, then marker comments, then
 * file names. sqlx comes before golang-migrate (same file names; sqlx asks for a sign of its own).
 */
export const FORMATS: readonly MigrationFormat[] = Object.freeze([
  sqitchFormat,
  atlasFormat,
  graphileMigrateFormat,
  drizzleFormat,
  dieselFormat,
  prismaFormat,
  flywayFormat,
  gooseFormat,
  sqlMigrateFormat,
  liquibaseFormat,
  dbmateFormat,
  nodePgMigrateFormat,
  sqlxFormat,
  golangMigrateFormat,
  plainSqlFormat,
])

/** The format called `name`, or undefined. */
export function formatNamed(name: string): MigrationFormat | undefined {
  return FORMATS.find((f) => f.name === (name as FormatName))
}
