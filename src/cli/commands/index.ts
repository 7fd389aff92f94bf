/** Every CLI command, in the order `pgtestbed --help` lists them. One import line per command. */
import type { Command } from '../command.js'
import { benchProvisionCommand } from './bench-provision.js'
import { dbDropCommand } from './db-drop.js'
import { dbNewCommand } from './db-new.js'
import { dbPruneCommand } from './db-prune.js'
import { demoCommand } from './demo.js'
import { downCommand } from './down.js'
import { fixturesBenchCommand } from './fixtures-bench.js'
import { fixturesDiffCommand } from './fixtures-diff.js'
import { fixturesListCommand } from './fixtures-list.js'
import { fixturesLoadCommand } from './fixtures-load.js'
import { fixturesMigrateCommand } from './fixtures-migrate.js'
import { fixturesNewCommand } from './fixtures-new.js'
import { fixturesValidateCommand } from './fixtures-validate.js'
import { isolationCheckCommand } from './isolation-check.js'
import { isolationRunCommand } from './isolation-run.js'
import { migrationsLintCommand } from './migrations-lint.js'
import { migrationsStatusCommand } from './migrations-status.js'
import { migrationsCheckCommand, migrationsTestCommand } from './migrations-test.js'
import { mockCheckCommand } from './mock-check.js'
import { mockSchemaCommand } from './mock-schema.js'
import { mockServeCommand } from './mock-serve.js'
import { netfaultCommand } from './netfault-proxy.js'
import { oauthRotateCommand } from './oauth-rotate.js'
import { runCommand } from './run.js'
import { schemaCheckCommand } from './schema-check.js'
import { schemaDiffCommand } from './schema-diff.js'
import { schemaSnapshotCommand } from './schema-snapshot.js'
import { statusCommand } from './status.js'
import { upCommand } from './up.js'

export const COMMANDS: readonly Command[] = [
  demoCommand,
  upCommand,
  downCommand,
  statusCommand,
  dbNewCommand,
  dbDropCommand,
  dbPruneCommand,
  runCommand,
  benchProvisionCommand,
  netfaultCommand,
  migrationsTestCommand,
  migrationsCheckCommand,
  migrationsLintCommand,
  migrationsStatusCommand,
  fixturesListCommand,
  fixturesLoadCommand,
  fixturesValidateCommand,
  fixturesDiffCommand,
  fixturesMigrateCommand,
  fixturesNewCommand,
  fixturesBenchCommand,
  schemaSnapshotCommand,
  schemaDiffCommand,
  schemaCheckCommand,
  mockServeCommand,
  mockCheckCommand,
  mockSchemaCommand,
  oauthRotateCommand,
  isolationCheckCommand,
  isolationRunCommand,
]
