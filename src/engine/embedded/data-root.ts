/**
 * Where clusters and cached data directories live: tmpfs (`/dev/shm`) when present, because
 * clone and start times on disk are 3-25x slower and erratic (see DESIGN.md). One per OS user
 * (`pgtestbed-<uid>`), owner-only: nobody else may list, enter or pre-create it.
 * @module
 */
import { accessSync, chmodSync, constants, mkdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EngineError, failure } from '../../errors.js'

const FIX = 'Set embedded.dataRoot (or PGTESTBED_DATA_ROOT) to a writable directory of yours.'

/**
 * The root for clusters (`clusters/`) and initdb caches (`initdb-*`), made when missing. Throws
 * `PGT_DATA_ROOT` naming the path when it cannot be used (not a directory, read-only, not ours).
 *
 * @example
 * const root = dataRoot(undefined) // e.g. /dev/shm/pgtestbed-1000
 */
export function dataRoot(configured: string | undefined): string {
  const root = configured ?? defaultDataRoot()
  // As root, the server runs as another user who must pass through (not list) these directories;
  // everything inside is owner-only.
  const mode = process.getuid?.() === 0 ? 0o711 : 0o700
  const clusters = join(root, 'clusters')
  const made = make(root, mode)
  make(clusters, mode)
  const stat = statSync(root)
  const uid = process.getuid?.()
  if (configured === undefined && uid !== undefined && stat.uid !== uid) {
    throw new EngineError(
      'PGT_DATA_ROOT',
      failure(
        `use ${root} as the data root`,
        `it belongs to another user (uid ${stat.uid}), who could read or replace what pgtestbed keeps there`,
        `Remove it, or s${FIX.slice(1)}`,
      ),
    )
  }
  // The default root is ours alone; a configured one keeps its mode unless we made it, except
  // that the server user (root case) must be able to pass through.
  if (configured === undefined || made) chmodQuiet(root, mode)
  else if (mode === 0o711 && stat.uid === uid) chmodQuiet(root, stat.mode | 0o111)
  chmodQuiet(clusters, mode)
  for (const dir of [root, clusters]) {
    try {
      accessSync(dir, constants.W_OK | constants.X_OK)
    } catch (err) {
      throw unusable(dir, err)
    }
  }
  return root
}

/** `/dev/shm/pgtestbed-<uid>` when tmpfs is there, else `<tmpdir>/pgtestbed-<uid>`. */
export function defaultDataRoot(): string {
  const name = `pgtestbed-${process.getuid?.() ?? 'user'}`
  return isWritableDir('/dev/shm') ? join('/dev/shm', name) : join(tmpdir(), name)
}

/** Creates `dir` (and parents); true when `dir` itself was made now. */
function make(dir: string, mode: number): boolean {
  try {
    mkdirSync(dir, { mode })
    return true
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      try {
        mkdirSync(dir, { recursive: true, mode })
        return true
      } catch (inner) {
        throw unusable(dir, inner)
      }
    }
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return false
    throw unusable(dir, err)
  }
}

function unusable(dir: string, err: unknown): EngineError {
  const code = (err as NodeJS.ErrnoException).code
  const why =
    code === 'EEXIST' || code === 'ENOTDIR'
      ? 'it (or a parent) exists and is not a directory'
      : code === 'EROFS'
        ? 'it is on a read-only file system'
        : code === 'EACCES' || code === 'EPERM'
          ? 'this user may not write there'
          : `${code ?? (err as Error).message}`
  return new EngineError('PGT_DATA_ROOT', failure(`use ${dir} for pgtestbed's clusters`, why, FIX), {
    cause: err,
  })
}

function chmodQuiet(dir: string, mode: number): void {
  try {
    chmodSync(dir, mode)
  } catch {
    // not ours to change: the access check below says whether it is usable
  }
}

function isWritableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK)
    return true
  } catch {
    return false
  }
}
