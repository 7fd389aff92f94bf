/**
 * One initialized data directory per (binaries, user, initdb arguments), made once and copied
 * for every new cluster: copying and starting takes ~0.1-0.2 s where initdb takes ~0.7 s.
 * @module
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chown, mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { EngineError, messageOf } from '../../errors.js'
import { digest } from '../../internal/hash.js'
import type { Binaries } from './binaries.js'
import type { ServerUser } from './server-user.js'

const run = promisify(execFile)
// 1 MB WAL segments: the cached directory holds one segment instead of 16 MB of WAL, so copying it
// for every new cluster is ~40% faster.
const INITDB_ARGS = [
  '-U',
  'postgres',
  '--auth=trust',
  '-E',
  'UTF8',
  '--locale=C',
  '--no-sync',
  '--wal-segsize=1',
]

/** Path of the cached data directory for these binaries and user, making it when missing. */
export async function cachedDataDir(
  root: string,
  bin: Binaries,
  user: ServerUser | undefined,
): Promise<string> {
  const key = digest([bin.binDir, bin.version, String(user?.uid ?? process.getuid?.() ?? ''), ...INITDB_ARGS])
  const cached = join(root, `initdb-${key}`)
  if (existsSync(join(cached, 'PG_VERSION'))) return cached

  const work = await mkdtemp(join(root, 'tmp-initdb-'))
  const data = join(work, 'data')
  try {
    await mkdir(data, { mode: 0o700 })
    if (user !== undefined) await chown(work, user.uid, user.gid)
    if (user !== undefined) await chown(data, user.uid, user.gid)
    await run(join(bin.binDir, 'initdb'), ['-D', data, ...INITDB_ARGS], {
      timeout: 120_000,
      ...(user === undefined ? {} : { uid: user.uid, gid: user.gid }),
    })
    try {
      await rename(data, cached)
    } catch (err) {
      // Another process finished first: its directory is as good as ours.
      if (!existsSync(join(cached, 'PG_VERSION'))) throw err
    }
    return cached
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr?.trim() || messageOf(err)
    throw new EngineError(
      'PGT_ENGINE_START',
      `Failed to initialize a PostgreSQL data directory with ${bin.binDir}/initdb: ${detail}. ` +
        'Check that the binaries run on this machine, or set embedded.binDir to other ones.',
      { cause: err },
    )
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
