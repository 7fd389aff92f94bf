/**
 * What `ci init` needs to know about a project, found the way a person would: the lockfile
 * says the package manager, package.json the test runner and Node version, the folders say
 * migrations and fixture tiers. Anything ambiguous or unsupported is an error with the fix.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import semver from 'semver'
import { findConfigFile } from '../config/index.js'
import { ConfigError, failure } from '../errors.js'
import { findTestFiles } from './find-test-files.js'

export type TestRunner = 'vitest' | 'jest' | 'node-test' | 'pytest'
export type PackageManager = 'npm' | 'pnpm' | 'yarn'
export type Tier = 'minimal' | 'realistic' | 'performance'

/** The project as `ci init` found it. */
export interface ProjectFacts {
  readonly packageManager: PackageManager
  readonly hasLockfile: boolean
  readonly runner: TestRunner
  readonly nodeVersion: string
  readonly testFiles: readonly string[]
  /** Fixture tiers with data (in the newest fixture version), in tier order. */
  readonly tiers: readonly Tier[]
  /** The config file sets `perfBudgets`, so the workflow checks them after the tests. */
  readonly perfBudgets: boolean
  /** For pytest: the Python version and the requirements files to install, as found. */
  readonly python?: PythonFacts
}

/** A Python project's version (`.python-version`, else 3.12) and requirements files. */
export interface PythonFacts {
  readonly version: string
  readonly requirements: readonly string[]
}

/** pytest's own default test file names. */
export const PYTEST_FILES: readonly string[] = ['**/test_*.py', '**/*_test.py']
const REQUIREMENTS = [
  'requirements.txt',
  'requirements-dev.txt',
  'requirements-test.txt',
  'dev-requirements.txt',
  'test-requirements.txt',
]

const RUNNERS: Record<Exclude<TestRunner, 'node-test' | 'pytest'>, string> = {
  vitest: '>=3.0.0',
  jest: '>=29.0.0',
}
const TIERS: readonly Tier[] = ['minimal', 'realistic', 'performance']

const problem = (what: string, why: string, fix: string): ConfigError =>
  new ConfigError('PGT_USAGE', failure(what, why, fix))

/**
 * Reads the project at `rootDir`; `runner` overrides the detection.
 *
 * @example
 * const facts = detectProject(process.cwd())
 */
export function detectProject(rootDir: string, runner?: TestRunner): ProjectFacts {
  const pkgPath = join(rootDir, 'package.json')
  const pkg = existsSync(pkgPath) ? (JSON.parse(readFileSync(pkgPath, 'utf8')) as PackageJson) : {}
  const testFiles = findTestFiles(rootDir, [])
  const lockfiles: [string, PackageManager][] = [
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['package-lock.json', 'npm'],
  ]
  const lock = lockfiles.find(([file]) => existsSync(join(rootDir, file)))
  const pythonTests = findTestFiles(rootDir, PYTEST_FILES)
  const found = runner ?? detectRunner(pkg, rootDir, testFiles, pythonTests)
  return {
    packageManager: lock?.[1] ?? 'npm',
    hasLockfile: lock !== undefined,
    runner: found,
    nodeVersion: nodeVersion(pkg, rootDir),
    testFiles: found === 'pytest' ? pythonTests : testFiles,
    tiers: fixtureTiers(rootDir),
    perfBudgets: setsPerfBudgets(rootDir),
    ...(found === 'pytest' ? { python: pythonFacts(rootDir) } : {}),
  }
}

function pythonFacts(rootDir: string): PythonFacts {
  const pinned = join(rootDir, '.python-version')
  const version = existsSync(pinned) ? readFileSync(pinned, 'utf8').trim().split(/\s+/)[0] : undefined
  return {
    version: version === undefined || version === '' ? '3.12' : version,
    requirements: REQUIREMENTS.filter((file) => existsSync(join(rootDir, file))),
  }
}

/** True when the project's config file sets time budgets (read as text: loading it may need a build). */
function setsPerfBudgets(rootDir: string): boolean {
  const file = findConfigFile(rootDir)
  return file !== undefined && /\bperfBudgets\b/.test(readFileSync(file, 'utf8'))
}

interface PackageJson {
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  engines?: { node?: string }
}

function detectRunner(
  pkg: PackageJson,
  rootDir: string,
  testFiles: readonly string[],
  pythonTests: readonly string[],
): TestRunner {
  const deps = { ...pkg.dependencies, ...pkg.devDependencies }
  const found = (Object.keys(RUNNERS) as (keyof typeof RUNNERS)[]).filter((name) => deps[name] !== undefined)
  if (found.length > 1)
    throw problem(
      'pick the test runner',
      `package.json lists several (${found.join(', ')})`,
      'Choose one with --runner vitest|jest|node-test|pytest.',
    )
  const [name] = found
  if (name !== undefined) {
    const min = semver.minVersion(deps[name] ?? '')
    if (min !== null && !semver.satisfies(min, RUNNERS[name]))
      throw problem(
        `use ${name} ${deps[name]}`,
        `pgtestbed supports ${name} ${RUNNERS[name]}`,
        `Upgrade it (npm install -D ${name}@latest).`,
      )
    return name
  }
  const usesNodeTest = testFiles.some((f) =>
    /from ['"]node:test['"]|require\(['"]node:test['"]\)/.test(readFileSync(join(rootDir, f), 'utf8')),
  )
  if (usesNodeTest) return 'node-test'
  // A Python project has a package.json too (for pgtestbed itself), without a JS runner.
  if (pythonTests.length > 0) return 'pytest'
  throw problem(
    'find the test runner',
    'package.json has neither vitest nor jest, no test file imports node:test, and there are no pytest files (test_*.py, *_test.py)',
    'Install one (npm install -D vitest) or pass --runner vitest|jest|node-test|pytest.',
  )
}

function nodeVersion(pkg: PackageJson, rootDir: string): string {
  for (const file of ['.nvmrc', '.node-version']) {
    const path = join(rootDir, file)
    if (existsSync(path)) return readFileSync(path, 'utf8').trim().replace(/^v/, '')
  }
  const min = pkg.engines?.node === undefined ? null : semver.minVersion(pkg.engines.node)
  return min === null ? '20' : String(Math.max(20, min.major))
}

/** Tiers of the newest `fixtures/versions/v*` folder; a tier folder with no files is an error. */
function fixtureTiers(rootDir: string): Tier[] {
  const versions = join(rootDir, 'fixtures', 'versions')
  if (!existsSync(versions)) return []
  const newest = readdirSync(versions)
    .filter((v) => semver.valid(v.replace(/^v/, '')) !== null)
    .sort((a, b) => semver.compare(a.replace(/^v/, ''), b.replace(/^v/, '')))
    .at(-1)
  if (newest === undefined) return []
  return TIERS.filter((tier) => {
    const dir = join(versions, newest, tier)
    if (!existsSync(dir)) return false
    if (readdirSync(dir).filter((f) => !f.startsWith('.')).length === 0)
      throw problem(
        `use the fixture tier ${tier}`,
        `fixtures/versions/${newest}/${tier}/ has no data`,
        `Add its data files, or remove the empty folder.`,
      )
    return true
  })
}
