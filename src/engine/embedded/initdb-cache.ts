/**
 * One initialized data directory per (binaries, user, initdb arguments), made once and copied
 * for every new cluster: copying and starting takes ~0.1-0.2 s where initdb takes ~0.7 s.
 *
 * Nothing in it trusts anyone: `pg_hba.conf` asks for a scram-sha-256 password on the socket and
 * on 127.0.0.1, and the `postgres` role has a random bootstrap password kept in the (owner-only)
 * directory. Every cluster made from the copy replaces it with its own password at start.
 * @module
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { chown, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
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
  '--auth=scram-sha-256',
  '-E',
  'UTF8',
  '--locale=C',
  '--no-sync',
  '--wal-segsize=1',
]
/**
 * initdb's own run, PostgreSQL 16 and newer (`-c`): new WAL segments neither zero-filled nor
 * recycled. With 1 MB segments initdb otherwise spends ~0.3 s of its ~1 s creating ~20 zeroed
 * segment files (measured: 1,015–1,151 ms against 675–712 ms), which is most of a cold start;
 * the cached directory also shrinks from 27 to 23 MB. The settings stay in postgresql.conf:
 * harmless for a throwaway test cluster on tmpfs.
 */
function initdbArgs(bin: Binaries): string[] {
  const major = Number.parseInt(bin.version, 10)
  return major >= 16 ? [...INITDB_ARGS, '-c', 'wal_init_zero=off', '-c', 'wal_recycle=off'] : INITDB_ARGS
}

/**
 * Who may connect, and how: the password, on the socket and on loopback; nothing else. On the
 * socket it travels as is: only the owner can reach that socket (an owner-only directory and
 * `unix_socket_permissions`), and it passes through the kernel alone. That spares each new
 * connection SCRAM's extra round trip and hashing (~5 ms of a new process's first connection).
 * Part of the cache key (`dataDirKey`): a change starts from new cached directories.
 */
export const PG_HBA = `# pgtestbed: only the cluster's owner knows the password (see docs/security.md).
local all all password
host  all all 127.0.0.1/32 scram-sha-256
`
/** The file in a data directory holding the bootstrap password of the `postgres` role. */
const BOOTSTRAP_FILE = 'pgtestbed-bootstrap-password'

/** A random password (URL-safe, no quoting needed anywhere). */
export function newPassword(): string {
  return randomBytes(24).toString('base64url')
}

/** The bootstrap password of a data directory made by `cachedDataDir` (or a copy of one). */
export function bootstrapPassword(dataDir: string): string {
  return readFileSync(join(dataDir, BOOTSTRAP_FILE), 'utf8').trim()
}

/** What a cached data directory depends on: the binaries, the server user and initdb's arguments. */
export function dataDirKey(bin: Binaries, user: ServerUser | undefined): string {
  return digest([
    bin.binDir,
    bin.version,
    String(user?.uid ?? process.getuid?.() ?? ''),
    ...initdbArgs(bin),
    PG_HBA,
  ])
}

/** Writes the password a copy of `dataDir` starts with (owner-only, as the server user). */
export async function writeBootstrapPassword(
  dataDir: string,
  password: string,
  user: ServerUser | undefined,
): Promise<void> {
  await writeFile(join(dataDir, BOOTSTRAP_FILE), `${password}\n`, { mode: 0o600 })
  if (user !== undefined) await chown(join(dataDir, BOOTSTRAP_FILE), user.uid, user.gid)
}

/** Path of the cached data directory for these binaries and user, making it when missing. */
export async function cachedDataDir(
  root: string,
  bin: Binaries,
  user: ServerUser | undefined,
): Promise<string> {
  const cached = join(root, `initdb-${dataDirKey(bin, user)}`)
  if (existsSync(join(cached, 'PG_VERSION'))) return cached
  const work = await mkdtemp(join(root, 'tmp-initdb-'))
  try {
    const data = join(work, 'data')
    await initDataDir(data, bin, user)
    try {
      await rename(data, cached)
    } catch (err) {
      // Another process finished first: its directory is as good as ours.
      if (!existsSync(join(cached, 'PG_VERSION'))) throw err
    }
    return cached
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/**
 * Whether a start should initialize its cluster's own data directory instead of copying the
 * cache: the first start for these binaries and user on this data root, which then copies
 * nothing (~40 ms less: every start on a fresh CI machine is one). It leaves a mark, so the next
 * start that finds neither the cache nor a kept entry makes the cache for the ones after it.
 */
export function firstStartHere(root: string, bin: Binaries, user: ServerUser | undefined): boolean {
  const key = dataDirKey(bin, user)
  if (existsSync(join(root, `initdb-${key}`, 'PG_VERSION'))) return false
  try {
    // Exclusive create: of two first starts at once, one initializes its own, the other the cache.
    writeFileSync(join(root, `initdb-${key}${FIRST_START}`), '', { flag: 'wx' })
    return true
  } catch {
    return false
  }
}

/** The suffix of `firstStartHere`'s mark (evict-caches.ts removes it with its key's entries). */
export const FIRST_START = '.first-start'

/**
 * Initializes a new data directory at `data` (its parent must exist): initdb as the server's
 * user with a new bootstrap password, and pgtestbed's access rules.
 */
export async function initDataDir(data: string, bin: Binaries, user: ServerUser | undefined): Promise<void> {
  const pwfile = `${data}.pwfile`
  try {
    await mkdir(data, { mode: 0o700 })
    const password = newPassword()
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 })
    if (user !== undefined) {
      for (const path of [dirname(data), data, pwfile]) await chown(path, user.uid, user.gid)
    }
    await run(join(bin.binDir, 'initdb'), ['-D', data, `--pwfile=${pwfile}`, ...initdbArgs(bin)], {
      timeout: 120_000,
      ...(user === undefined ? {} : { uid: user.uid, gid: user.gid }),
    })
    for (const [name, text] of [
      [BOOTSTRAP_FILE, `${password}\n`],
      ['pg_hba.conf', PG_HBA],
    ] as const) {
      await writeFile(join(data, name), text, { mode: 0o600 })
      if (user !== undefined) await chown(join(data, name), user.uid, user.gid)
    }
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr?.trim() || messageOf(err)
    throw new EngineError(
      'PGT_ENGINE_START',
      `Failed to initialize a PostgreSQL data directory with ${bin.binDir}/initdb: ${detail}. ` +
        'Check that the binaries run on this machine, or set embedded.binDir to other ones.',
      { cause: err },
    )
  } finally {
    await rm(pwfile, { force: true })
  }
}
