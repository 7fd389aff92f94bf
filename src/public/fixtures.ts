/**
 * `pgtestbed/fixtures`: versioned, tiered fixtures — load, validate, diff, migrate forward and
 * scaffold (docs/fixtures.md).
 *
 * @example
 * import { loadFixtures } from 'pgtestbed/fixtures'
 * const result = await loadFixtures(client, { version: 'current', tier: 'minimal' })
 * @module
 */

// Errors
// The repository: fixtures/versions/vX.Y.Z/<tier>/
// Loading (and generated tiers)
// Validate, diff, migrate forward, scaffold
export {
  type Bump,
  type BumpReason,
  type DiffVersionsOptions,
  diffVersions,
  FixtureError,
  type FixtureErrorCode,
  type FixtureMetadata,
  type FixtureMigration,
  type FixtureRepository,
  type FixtureVersion,
  type GeneratorContext,
  type GeneratorOutput,
  type LoadFixturesOptions,
  type LoadResult,
  loadedFixtures,
  loadFixtures,
  type MigrateFixturesOptions,
  migrateFixtures,
  type NewVersionOptions,
  type NewVersionResult,
  newFixtureVersion,
  openFixtures,
  resolveVersion,
  type ScratchServer,
  type TableDataChange,
  TIERS,
  type Tier,
  type ValidateOptions,
  type ValidationCheck,
  type ValidationProblem,
  type ValidationReport,
  type VersionDiff,
  validateFixtures,
} from '../fixtures/index.js'
