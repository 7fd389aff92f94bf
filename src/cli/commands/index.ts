/**
 * Every CLI command, in the order `pgtestbed --help` lists them: its name and how to load it.
 * Commands are imported only when run, so `pgtestbed up` does not pay for the SQL parser, the
 * mock server or anything else it does not use. One line per command.
 * @module
 */
import type { Command } from '../command.js'

/** A command's name and a loader for its module. */
export interface CommandEntry {
  readonly name: readonly string[]
  load(): Promise<Command>
}

function entry(name: string, load: () => Promise<Command>): CommandEntry {
  return { name: name.split(' '), load }
}

export const COMMANDS: readonly CommandEntry[] = [
  entry('demo', async () => (await import('./demo.js')).demoCommand),
  entry('up', async () => (await import('./up.js')).upCommand),
  entry('down', async () => (await import('./down.js')).downCommand),
  entry('status', async () => (await import('./status.js')).statusCommand),
  entry('db new', async () => (await import('./db-new.js')).dbNewCommand),
  entry('db url', async () => (await import('./db-url.js')).dbUrlCommand),
  entry('db restore', async () => (await import('./db-restore.js')).dbRestoreCommand),
  entry('db drop', async () => (await import('./db-drop.js')).dbDropCommand),
  entry('db prune', async () => (await import('./db-prune.js')).dbPruneCommand),
  entry('run', async () => (await import('./run.js')).runCommand),
  entry('bench provision', async () => (await import('./bench-provision.js')).benchProvisionCommand),
  entry('schema snapshot', async () => (await import('./schema-snapshot.js')).schemaSnapshotCommand),
  entry('schema diff', async () => (await import('./schema-diff.js')).schemaDiffCommand),
  entry('schema check', async () => (await import('./schema-check.js')).schemaCheckCommand),
  entry('migrations test', async () => (await import('./migrations-test.js')).migrationsTestCommand),
  entry('migrations check', async () => (await import('./migrations-test.js')).migrationsCheckCommand),
  entry('migrations lint', async () => (await import('./migrations-lint.js')).migrationsLintCommand),
  entry('migrations status', async () => (await import('./migrations-status.js')).migrationsStatusCommand),
  entry('fixtures list', async () => (await import('./fixtures-list.js')).fixturesListCommand),
  entry('fixtures load', async () => (await import('./fixtures-load.js')).fixturesLoadCommand),
  entry('fixtures validate', async () => (await import('./fixtures-validate.js')).fixturesValidateCommand),
  entry('fixtures diff', async () => (await import('./fixtures-diff.js')).fixturesDiffCommand),
  entry('fixtures migrate', async () => (await import('./fixtures-migrate.js')).fixturesMigrateCommand),
  entry('fixtures new', async () => (await import('./fixtures-new.js')).fixturesNewCommand),
  entry('bench fixtures', async () => (await import('./fixtures-bench.js')).fixturesBenchCommand),
  entry('bench vector', async () => (await import('./bench-vector.js')).benchVectorCommand),
  entry('isolation check', async () => (await import('./isolation-check.js')).isolationCheckCommand),
  entry('isolation run', async () => (await import('./isolation-run.js')).isolationRunCommand),
  entry('vector check', async () => (await import('./vector-check.js')).vectorCheckCommand),
  entry('mock serve', async () => (await import('./mock-serve.js')).mockServeCommand),
  entry('mock check', async () => (await import('./mock-check.js')).mockCheckCommand),
  entry('mock schema', async () => (await import('./mock-schema.js')).mockSchemaCommand),
  entry('oauth rotate', async () => (await import('./oauth-rotate.js')).oauthRotateCommand),
  entry('serve', async () => (await import('./serve.js')).serveCommand),
  entry('ci init', async () => (await import('./ci-init.js')).ciInitCommand),
  entry('shard', async () => (await import('./shard.js')).shardCommand),
  entry('wait', async () => (await import('./wait.js')).waitCommand),
  entry('netfault', async () => (await import('./netfault-proxy.js')).netfaultCommand),
  entry('perf report', async () => (await import('./perf-report.js')).perfReportCommand),
  entry('perf baseline', async () => (await import('./perf-baseline.js')).perfBaselineCommand),
  entry('perf check', async () => (await import('./perf-check.js')).perfCheckCommand),
  entry('perf ab', async () => (await import('./perf-ab.js')).perfAbCommand),
]
