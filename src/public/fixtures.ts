/**
 * `pgtestbed/fixtures`: versioned, tiered fixtures — load, validate, diff, migrate forward and
 * scaffold (docs/fixtures.md).
 *
 * @example
 * import { loadFixtures } from 'pgtestbed/fixtures'
 * const result = await loadFixtures(client, { version: 'current', tier: 'minimal' })
 * @module
 */

// Diff two versions (and the semver bump they call for)
export type { TableDataChange } from '../fixtures/compare/data-diff.js'
export {
  type DiffVersionsOptions,
  diffVersions,
  type VersionDiff,
} from '../fixtures/compare/diff-versions.js'
export type { Bump, BumpReason } from '../fixtures/compare/required-bump.js'
// Errors
export { FixtureError, type FixtureErrorCode } from '../fixtures/fixture-error.js'
// Loading (and generated tiers)
export type { GeneratorContext, GeneratorOutput } from '../fixtures/load/generator.js'
export { type LoadFixturesOptions, type LoadResult, loadFixtures } from '../fixtures/load/load-fixtures.js'
export { type FixtureMetadata, loadedFixtures } from '../fixtures/load/metadata.js'
// Migrate fixtures forward
export {
  type FixtureMigration,
  type MigrateFixturesOptions,
  migrateFixtures,
} from '../fixtures/migrate/migrate-fixtures.js'
// The repository: fixtures/versions/vX.Y.Z/<tier>/
export {
  type FixtureRepository,
  type FixtureVersion,
  TIERS,
  type Tier,
} from '../fixtures/repository/model.js'
export { openFixtures } from '../fixtures/repository/open-repository.js'
export { resolveVersion } from '../fixtures/repository/resolve-version.js'
// Scaffold a new version
export {
  type NewVersionOptions,
  type NewVersionResult,
  newFixtureVersion,
} from '../fixtures/scaffold/new-version.js'
export type { ScratchServer } from '../fixtures/scratch.js'
// Validate
export {
  type ValidateOptions,
  type ValidationCheck,
  type ValidationProblem,
  type ValidationReport,
  validateFixtures,
} from '../fixtures/validate/validate-fixtures.js'
