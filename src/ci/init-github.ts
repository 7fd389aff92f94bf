/**
 * `ci init github`: detect the project, build the workflow files, and write them — never over an
 * existing file without `force`.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ConfigError, failure } from '../errors.js'
import { detectProject, type ProjectFacts, type TestRunner } from './detect-project.js'
import { githubWorkflows, type WorkflowFile } from './github-workflow.js'

/** Options of {@link initGithub}. */
export interface InitGithubOptions {
  readonly runner?: TestRunner
  readonly service?: string
  readonly shards?: number
  readonly oauthRotation?: boolean
  /** Providers whose refresh tokens the rotation workflow rotates, one step each (implies oauthRotation). */
  readonly oauthProviders?: readonly string[]
  /** Only return the files (`--print`). */
  readonly dryRun?: boolean
  readonly force?: boolean
}

/**
 * Generates (and unless `dryRun`, writes) the workflow files for the project at `rootDir`.
 *
 * @example
 * const { files } = initGithub(process.cwd(), { shards: 4 })
 */
export function initGithub(
  rootDir: string,
  options: InitGithubOptions = {},
): { facts: ProjectFacts; files: WorkflowFile[]; written: string[] } {
  const facts = detectProject(rootDir, options.runner)
  if (options.service !== undefined && !/^[\w./-]+:[\w.-]+$/.test(options.service))
    throw new ConfigError(
      'PGT_USAGE',
      `--service must be an image with a tag, e.g. postgres:16; got "${options.service}".`,
    )
  for (const provider of options.oauthProviders ?? [])
    if (!/^[a-z][a-z0-9_]*$/i.test(provider))
      throw new ConfigError(
        'PGT_USAGE',
        `--oauth-providers takes names of letters, digits and _ (they become variable names such as OAUTH_GOOGLE_TOKEN_URL); got "${provider}".`,
      )
  const shards = options.shards ?? Math.min(4, Math.max(1, facts.testFiles.length))
  if (facts.testFiles.length > 0 && shards > facts.testFiles.length)
    throw new ConfigError(
      'PGT_USAGE',
      failure(
        `use ${shards} shards`,
        `the project has ${facts.testFiles.length} test file(s)`,
        `Use --shards ${facts.testFiles.length} or fewer.`,
      ),
    )
  const files = githubWorkflows(facts, {
    shards,
    ...(options.service === undefined ? {} : { service: options.service }),
    ...(options.oauthRotation === true ? { oauthRotation: true } : {}),
    ...(options.oauthProviders === undefined ? {} : { oauthProviders: options.oauthProviders }),
  })
  if (options.dryRun === true) return { facts, files, written: [] }
  const existing = files.filter((f) => existsSync(join(rootDir, f.path))).map((f) => f.path)
  if (existing.length > 0 && options.force !== true)
    throw new ConfigError(
      'PGT_USAGE',
      failure(
        `write ${existing.join(', ')}`,
        'the file already exists',
        'Pass --force to overwrite it, or --print to see the new one.',
      ),
    )
  for (const file of files) {
    mkdirSync(dirname(join(rootDir, file.path)), { recursive: true })
    writeFileSync(join(rootDir, file.path), file.text)
  }
  return { facts, files, written: files.map((f) => f.path) }
}
