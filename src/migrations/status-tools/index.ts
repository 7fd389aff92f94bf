/**
 * Every state table `migrationStatus` reads, by the tool that writes it.
 * @module
 */
import type { FormatName } from '../../sql/index.js'
import { atlasTable } from './atlas.js'
import { dbmateTable } from './dbmate.js'
import { dieselTable } from './diesel.js'
import { flywayTable } from './flyway.js'
import { golangMigrateTable } from './golang-migrate.js'
import { gooseTable } from './goose.js'
import { graphileMigrateTable } from './graphile-migrate.js'
import { liquibaseTable } from './liquibase.js'
import { nodePgMigrateTable } from './node-pg-migrate.js'
import { pgtestbedTable } from './pgtestbed.js'
import { prismaTable } from './prisma.js'
import { sqlMigrateTable } from './sql-migrate.js'
import { sqlxTable } from './sqlx.js'
import type { StateTable, StateTool } from './types.js'

export { flywayChecksum } from './flyway.js'
export type { StateTable, StateTool, ToolRecord } from './types.js'

/** The state tables by tool. */
export const STATE_TABLES: Readonly<Record<StateTool, StateTable>> = Object.freeze({
  pgtestbed: pgtestbedTable,
  flyway: flywayTable,
  'golang-migrate': golangMigrateTable,
  dbmate: dbmateTable,
  diesel: dieselTable,
  prisma: prismaTable,
  goose: gooseTable,
  'sql-migrate': sqlMigrateTable,
  sqlx: sqlxTable,
  'node-pg-migrate': nodePgMigrateTable,
  liquibase: liquibaseTable,
  atlas: atlasTable,
  'graphile-migrate': graphileMigrateTable,
})

/** The tool that writes a state table for `format`; pgtestbed's runner for layouts with no such table read. */
export function toolOfFormat(format: FormatName): StateTool {
  return format in STATE_TABLES ? (format as StateTool) : 'pgtestbed'
}
