/**
 * Every migration layout pgtestbed reads, in the order auto-detection tries them (most specific
 * first; the plain `.sql` folder last).
 * @module
 */
import type { FormatName, MigrationFormat } from '../model.js'
import { dbmateFormat } from './dbmate.js'
import { dieselFormat } from './diesel.js'
import { drizzleFormat } from './drizzle.js'
import { flywayFormat } from './flyway.js'
import { golangMigrateFormat } from './golang-migrate.js'
import { nodePgMigrateFormat } from './node-pg-migrate.js'
import { plainSqlFormat } from './plain-sql.js'
import { prismaFormat } from './prisma.js'
import { sqitchFormat } from './sqitch.js'

/** The formats in detection order. */
export const FORMATS: readonly MigrationFormat[] = Object.freeze([
  sqitchFormat,
  drizzleFormat,
  dieselFormat,
  prismaFormat,
  flywayFormat,
  golangMigrateFormat,
  dbmateFormat,
  nodePgMigrateFormat,
  plainSqlFormat,
])

/** The format called `name`, or undefined. */
export function formatNamed(name: string): MigrationFormat | undefined {
  return FORMATS.find((f) => f.name === (name as FormatName))
}
