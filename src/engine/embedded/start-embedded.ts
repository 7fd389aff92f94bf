/**
 * The `embedded` engine: a real PostgreSQL cluster pgtestbed makes and starts itself, tuned for
 * tests, from a cached initialized data directory, on tmpfs when there is one.
 * @module
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, chown, cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import type { EmbeddedOptions } from '../../config/index.js'
import { EngineError } from '../../errors.js'
import { crashPoint } from '../../internal/crash-point.js'
import { freePort } from '../../internal/free-port.js'
import { digest } from '../../internal/hash.js'
import pg from '../../internal/pg.js'
import type { StartedEngine } from '../engine.js'
import { type Binaries, type BinarySearch, findBinaries } from './binaries.js'
import { writeRecord } from './cluster-record.js'
import { dataRoot } from './data-root.js'
import { evictStaleCaches, markCacheUsed } from './evict-caches.js'
import {
  bootstrapPassword,
  cachedDataDir,
  dataDirKey,
  firstStartHere,
  initDataDir,
  newPassword,
} from './initdb-cache.js'
import { reapClusters } from './reap-clusters.js'
import { scramVerifier } from './scram-verifier.js'
import { canRun, type ServerUser, serverUser } from './server-user.js'
import { spawnPostgres } from './spawn-postgres.js'
import { shutDownCleanly, stopCluster, stopClusterSync } from './stop-cluster.js'
import { backToTakenState, type EntryState, readEntryState } from './taken-entry.js'
import { newestWarmDataDir, pruneWarmDataDirs, saveWarmDataDir, takeWarmDataDir } from './warm-data-cache.js'

const copyTree = promisify(execFile)

/** Settings that make a throwaway cluster fast: nothing is flushed, little is WAL-logged. */
export const TEST_SETTINGS: Readonly<Record<string, string | number>> = {
  listen_addresses: '127.0.0.1',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  wal_level: 'minimal',
  max_wal_senders: 0,
  max_connections: 200,
  // Deadlock tests finish in ~0.1 s instead of 1 s; real apps never depend on the exact value.
  deadlock_timeout: '100ms',
  // Only the owner may reach the socket (it sits in an owner-only directory too), and even then
  // pg_hba.conf asks for the cluster's password (see initdb-cache.ts).
  unix_socket_permissions: '0700',
  password_encryption: 'scram-sha-256',
  // Dynamic shared memory as files in the data directory instead of /dev/shm segments: a killed
  // server then leaves nothing behind once its cluster directory is removed.
  dynamic_shared_memory_type: 'mmap',
}

export interface StartEmbeddedOptions extends EmbeddedOptions {
  /** Keep running after this process exits (`pgtestbed up`); default false. */
  readonly detached?: boolean
  /** Fixed cluster directory name (`pgtestbed up` uses one per project); default random. */
  readonly clusterName?: string
  /** Binary sources to search; default npm then system. */
  readonly search?: BinarySearch
  /**
   * The `postgres` role's password; default a random one per cluster. Give the previous
   * cluster's to restart a server its clients can reconnect to (same port, same URL).
   */
  readonly password?: string
}

/** What an embedded cluster adds to the engine handle. */
export interface StartedEmbedded extends StartedEngine {
  readonly kind: 'embedded'
  readonly clusterDir: string
  readonly port: number
  readonly binaries: Binaries
  readonly postmasterPid: number
  /**
   * Whether the cluster started from a data directory a previous run kept (its templates built).
   * It took that directory (no other run can have it meanwhile), and `close()` puts it back when
   * the cluster holds what it did then: databases made since are dropped first; a new role or a
   * table left in the `postgres` database keeps it from going back.
   */
  readonly fromCache: boolean
  /**
   * Stops the cluster like `close()`, but first keeps its data directory (with its templates) for
   * the next cluster to start from (see `embedded.cacheTemplates`). Returns whether it was kept.
   */
  closeKeepingTemplates(): Promise<boolean>
}

/**
 * Starts a new embedded cluster. Reaps clusters of dead runs first.
 *
 * @example
 * await using pg = await startEmbedded({})
 * console.log(pg.url, pg.serverVersion)
 */
export async function startEmbedded(options: StartEmbeddedOptions = {}): Promise<StartedEmbedded> {
  const root = dataRoot(options.dataRoot)
  await reapClusters(root)
  const user = serverUser()
  const bin = await usableBinaries(
    findBinaries({
      ...(options.binDir === undefined ? {} : { binDir: options.binDir }),
      ...(options.search === undefined ? {} : { search: options.search }),
      ...(options.version === undefined ? {} : { version: options.version }),
    }),
    user,
  )
  const key = dataDirKey(bin, user)
  await markCacheUsed(root, key)
  await evictStaleCaches(root, key).catch(() => [])
  const detached = options.detached ?? false
  const cacheTemplates = options.cacheTemplates !== false
  // A detached (`up`) cluster copies the kept entry: it outlives the process that could put it back.
  const warm = cacheTemplates && detached ? newestWarmDataDir(root, key) : undefined
  await pruneWarmDataDirs(root, key).catch(() => undefined)
  const clusterDir = options.clusterName
    ? join(root, 'clusters', options.clusterName)
    : await mkdtemp(join(root, 'clusters', 'c-'))
  try {
    // Owner-only: the record (with the password) and the socket live here.
    await mkdir(clusterDir, { recursive: true, mode: 0o700 })
    await chmod(clusterDir, 0o700) // `up` made it already, with the umask's mode
    await mkdir(join(clusterDir, 'sock'), { mode: 0o700 })
    const took = cacheTemplates && !detached && (await takeWarmDataDir(root, key, join(clusterDir, 'data')))
    const fromCache = took || (warm !== undefined && (await copyDataDir(warm, clusterDir)))
    if (!fromCache) {
      // The first start here initializes its own directory (see firstStartHere); later ones copy the cache.
      if (firstStartHere(root, bin, user)) await initDataDir(join(clusterDir, 'data'), bin, user)
      else await copyDataDir(await cachedDataDir(root, bin, user), clusterDir, { throws: true })
    }
    if (user !== undefined) {
      await chown(clusterDir, user.uid, user.gid)
      await chown(join(clusterDir, 'sock'), user.uid, user.gid)
    }
    const settings = { ...TEST_SETTINGS, ...preloadSettings(bin), ...options.settings }
    const fixedPort = options.port
    // This cluster's own password; the copied data directory knows only the cache's bootstrap one.
    const password = options.password ?? newPassword()
    for (let attempt = 0; ; attempt++) {
      const port = fixedPort ?? (await freePort())
      const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`
      const socketUrl = `postgresql://postgres:${encodeURIComponent(password)}@localhost:${port}/postgres?host=${encodeURIComponent(join(clusterDir, 'sock'))}`
      const base = {
        ownerPid: detached ? undefined : process.pid,
        starterPid: process.pid,
        port,
        url,
        detached,
      }
      await writeRecord(clusterDir, {
        ...base,
        postmasterPid: undefined,
        serverVersion: bin.version,
        serverVersionNum: 0,
        startedAt: new Date().toISOString(),
      })
      let child: Awaited<ReturnType<typeof spawnPostgres>>
      try {
        child = await spawnPostgres({ binDir: bin.binDir, clusterDir, port, settings, user, detached })
      } catch (err) {
        const retry =
          (err as EngineError).code === 'PGT_PORT_IN_USE' && fixedPort === undefined && attempt < 5
        if (retry) continue
        throw err
      }
      crashPoint('embedded:spawned')
      const pid = child.pid ?? 0
      const first = await firstSession(socketUrl, bootstrapPassword(join(clusterDir, 'data')), password, took)
      await writeRecord(clusterDir, {
        ...base,
        postmasterPid: pid,
        serverVersion: bin.version,
        serverVersionNum: first.versionNum,
        startedAt: new Date().toISOString(),
      })
      crashPoint('embedded:recorded')
      const keep = { root, key, password, user, taken: first.taken }
      const versionNum = first.versionNum
      return handle({ clusterDir, port, url, socketUrl, bin, pid, versionNum, detached, fromCache, keep })
    }
  } catch (err) {
    await stopCluster(clusterDir)
    throw err
  }
}

function handle(h: {
  clusterDir: string
  port: number
  url: string
  socketUrl: string
  bin: Binaries
  pid: number
  versionNum: number
  detached: boolean
  fromCache: boolean
  keep: {
    root: string
    key: string
    password: string
    user: ServerUser | undefined
    /** What the kept entry this cluster took held; undefined when it took none. */
    taken: EntryState | undefined
  }
}): StartedEmbedded {
  let closing: Promise<boolean> | undefined
  // A process that exits without close() (an uncaught error, process.exit) still stops its
  // cluster; SIGKILL cannot be caught, and the next run's reaper handles that. Either way a
  // taken entry is lost with the cluster: the next run starts bare and rebuilds.
  const onExit = (): void => stopClusterSync(h.clusterDir, h.pid)
  if (!h.detached) process.once('exit', onExit)
  /** Stops the cluster; keeps its data directory when `keep` says so. Returns whether it did. */
  const finish = (keep: () => Promise<boolean>): Promise<boolean> => {
    closing ??= (async () => {
      process.removeListener('exit', onExit)
      let kept = false
      if ((await keep().catch(() => false)) && (await shutDownCleanly(h.clusterDir))) {
        const { root, key, password, user } = h.keep
        kept = await saveWarmDataDir(root, key, join(h.clusterDir, 'data'), password, user).then(
          () => true,
          () => false,
        )
      }
      await stopCluster(h.clusterDir)
      return kept
    })()
    return closing
  }
  // A taken entry goes back when the run left it as it found it (see taken-entry.ts).
  const taken = h.keep.taken
  const close = async (): Promise<void> => {
    await finish(async () => taken !== undefined && (await backToTaken(h.url, taken)))
  }
  const closeKeepingTemplates = (): Promise<boolean> => finish(async () => true)
  return {
    kind: 'embedded',
    url: h.url,
    socketUrl: h.socketUrl,
    serverVersion: h.bin.version,
    serverVersionNum: h.versionNum,
    owned: true,
    clusterDir: h.clusterDir,
    port: h.port,
    binaries: h.bin,
    postmasterPid: h.pid,
    fromCache: h.fromCache,
    close,
    closeKeepingTemplates,
    [Symbol.asyncDispose]: close,
  }
}

/**
 * Copies a data directory into `clusterDir/data`. A kept one (see warm-data-cache.ts) may be
 * removed while we copy: then the copy is undone and false returned, unless `throws`.
 */
async function copyDataDir(
  source: string,
  clusterDir: string,
  options: { throws?: boolean } = {},
): Promise<boolean> {
  const data = join(clusterDir, 'data')
  try {
    // cp -a keeps ownership and the 0700 mode postgres insists on; fs.cp loses ownership.
    await copyTree('cp', ['-a', source, data])
    return true
  } catch (err) {
    if (options.throws === true) throw err
    await rm(data, { recursive: true, force: true })
    return false
  }
}

/**
 * Replaces the bootstrap password (shared by every copy of the cached data directory) with this
 * cluster's own, on the connection that also asks the version and, for a taken entry, what it
 * holds.
 */
async function firstSession(
  url: string,
  bootstrap: string,
  password: string,
  took: boolean,
): Promise<{ versionNum: number; taken: EntryState | undefined }> {
  const first = new URL(url)
  first.password = bootstrap
  const client = new pg.Client({ connectionString: first.toString() })
  await client.connect()
  try {
    // The verifier, not the password: the server (and its log) never sees the password itself.
    await client.query(`ALTER ROLE postgres PASSWORD '${scramVerifier(password)}'`)
    const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num')
    const taken = took ? await readEntryState(client) : undefined
    return { versionNum: Number(rows[0]?.server_version_num), taken }
  } finally {
    await client.end()
  }
}

/** Whether the cluster at `url` is back in its taken state (see taken-entry.ts). */
async function backToTaken(url: string, taken: EntryState): Promise<boolean> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => undefined)
  await client.connect()
  try {
    return await backToTakenState(client, taken)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Preload pg_stat_statements when the binaries ship it (for per-test query statistics). */
function preloadSettings(bin: Binaries): Record<string, string> {
  const libDir = join(dirname(bin.binDir), 'lib')
  const candidates = [
    join(libDir, 'postgresql', 'pg_stat_statements.so'),
    join(libDir, 'pg_stat_statements.so'),
  ]
  return candidates.some(existsSync) ? { shared_preload_libraries: 'pg_stat_statements' } : {}
}

/**
 * As root, the server runs as another user who may not be able to reach binaries under a
 * private directory (e.g. /root/...). Copy the install tree to a world-readable place then.
 */
async function usableBinaries(bin: Binaries, user: ServerUser | undefined): Promise<Binaries> {
  if (user === undefined || canRun(join(bin.binDir, 'postgres'), user)) return bin
  const installDir = dirname(bin.binDir)
  const copy = join(tmpdir(), `pgtestbed-bin-${digest([installDir, bin.version])}`)
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    const work = `${copy}.tmp-${process.pid}`
    await cp(installDir, work, { recursive: true, verbatimSymlinks: true })
    await copyTree('chmod', ['-R', 'a+rX', work])
    await rename(work, copy).catch(() => undefined)
  }
  const copied = { ...bin, binDir: join(copy, 'bin') }
  if (!canRun(join(copied.binDir, 'postgres'), user)) {
    throw new EngineError(
      'PGT_ENGINE_START',
      `Failed to run ${bin.binDir}/postgres as user "${user.name}": PostgreSQL refuses to run as root and that user cannot run the binaries. ` +
        'Run pgtestbed as a normal user, or set embedded.binDir to binaries that user can read.',
    )
  }
  return copied
}
