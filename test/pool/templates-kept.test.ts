import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { reapClusters, type StartedEmbedded } from '../../src/engine/index.js'
import { createTestbed, type PgtestbedConfig, type Testbed } from '../../src/public/index.js'
import { waitForExit } from '../support/crash.js'
import { tempProject } from '../support/temp-project.js'

// Templates that survive runs: a run on its own embedded cluster that built a template keeps the
// stopped cluster's data directory, and the next run takes it (a rename) with the template built
// and puts it back at its end.
const DIST = fileURLToPath(new URL('../../dist/public/index.js', import.meta.url))
const project = tempProject({
  'migrations/001_users.sql': 'CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL);',
  'migrations/002_seed.sql': "INSERT INTO users (email) VALUES ('a@example.com');",
})
afterAll(() => project.remove())

function warmEntries(dataRoot: string): string[] {
  return readdirSync(dataRoot).filter((n) => n.startsWith('warm-'))
}

function open(dataRoot: string, extra: PgtestbedConfig = {}): Promise<Testbed> {
  return createTestbed(
    { engine: 'embedded', pool: { size: 1 }, embedded: { dataRoot }, ...extra },
    { cwd: project.dir, log: () => undefined },
  )
}

/** One test on `bed`: the users it sees, and the database's name. */
async function oneTest(bed: Testbed, failOne = false): Promise<{ users: number | undefined; name: string }> {
  const db = await bed.acquire()
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM users')
  await client.end()
  await db.release(failOne ? { outcome: 'failed' } : undefined)
  return { users: rows[0]?.n, name: db.name }
}

function fromCacheOf(bed: Testbed): boolean | undefined {
  return 'fromCache' in bed.engine ? (bed.engine as StartedEmbedded).fromCache : undefined
}

async function run(dataRoot: string, extra: PgtestbedConfig = {}, failOne = false) {
  const bed = await open(dataRoot, extra)
  // While the run holds the kept entry, no other run can have it.
  const entriesDuringRun = warmEntries(dataRoot).length
  const { users } = await oneTest(bed, failOne)
  await bed.close()
  return { built: bed.templateBuilt, fromCache: fromCacheOf(bed), users, entriesDuringRun }
}

/** The databases (not templates) of a cluster started on `dataRoot`'s kept entry. */
async function databasesOf(bed: Testbed): Promise<string[]> {
  const admin = new pg.Client({ connectionString: bed.engine.url })
  await admin.connect()
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY 1',
    )
    return rows.map((r) => r.datname)
  } finally {
    await admin.end()
  }
}

describe('templates kept between runs of an embedded cluster', () => {
  it('starts the next run from the kept data directory, with the template built', async () => {
    const dataRoot = mkdtempSync('/dev/shm/pgt-keep-')
    try {
      expect(await run(dataRoot)).toEqual({ built: true, fromCache: false, users: 1, entriesDuringRun: 0 })
      expect(warmEntries(dataRoot)).toHaveLength(1)
      // Taken (moved: no entry left while the run holds it), not rebuilt, and put back.
      expect(await run(dataRoot)).toEqual({ built: false, fromCache: true, users: 1, entriesDuringRun: 0 })
      expect(warmEntries(dataRoot)).toHaveLength(1)
      // Changed migrations: a new template is built on the kept cluster, and kept in turn.
      writeFileSync(
        join(project.dir, 'migrations/003_more.sql'),
        "INSERT INTO users (email) VALUES ('b@example.com');",
      )
      expect(await run(dataRoot)).toMatchObject({ built: true, fromCache: true, users: 2 })
      expect(await run(dataRoot)).toMatchObject({ built: false, fromCache: true, users: 2 })
      expect(warmEntries(dataRoot)).toHaveLength(1)
    } finally {
      rmSync(join(project.dir, 'migrations/003_more.sql'), { force: true })
      rmSync(dataRoot, { recursive: true, force: true })
    }
  })

  it('two overlapping runs both work: one takes the entry, the other starts bare; an entry is left', async () => {
    const dataRoot = mkdtempSync('/dev/shm/pgt-keep-')
    try {
      await run(dataRoot)
      const first = await open(dataRoot)
      const second = await open(dataRoot) // the entry is in the first run's hands: no waiting
      expect([fromCacheOf(first), first.templateBuilt]).toEqual([true, false])
      expect([fromCacheOf(second), second.templateBuilt]).toEqual([false, true])
      expect((await oneTest(first)).users).toBe(1)
      expect((await oneTest(second)).users).toBe(1)
      await second.close() // it built the template: it keeps its directory
      await first.close() // it puts the taken one back: the newer entry
      expect(warmEntries(dataRoot).length).toBeGreaterThanOrEqual(1)
      expect(await run(dataRoot)).toMatchObject({ built: false, fromCache: true, users: 1 })
    } finally {
      rmSync(dataRoot, { recursive: true, force: true })
    }
  })

  it('a run killed with SIGKILL loses the entry: its cluster is reaped, the next run rebuilds', async () => {
    const dataRoot = mkdtempSync('/dev/shm/pgt-keep-')
    try {
      await run(dataRoot)
      const child = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { createTestbed } from ${JSON.stringify(DIST)}
          const bed = await createTestbed({ engine: 'embedded', pool: { size: 1 }, embedded: { dataRoot: ${JSON.stringify(dataRoot)} } }, { cwd: ${JSON.stringify(project.dir)} })
          await bed.acquire()
          console.log(JSON.stringify({ clusterDir: bed.engine.clusterDir, pid: bed.engine.postmasterPid, fromCache: bed.engine.fromCache }))
          setInterval(() => {}, 1000)`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      )
      const line = await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout }).once('line', resolve),
      )
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
      const killed = JSON.parse(line) as { clusterDir: string; pid: number; fromCache: boolean }
      expect(killed.fromCache).toBe(true)
      expect(warmEntries(dataRoot)).toEqual([]) // it went down with the run that held it
      expect(await reapClusters(dataRoot)).toEqual([killed.clusterDir])
      expect(await waitForExit(killed.pid)).toBe(true)
      expect(existsSync(killed.clusterDir)).toBe(false)
      expect(readdirSync(join(dataRoot, 'clusters'))).toEqual([])
      expect(await run(dataRoot)).toMatchObject({ built: true, fromCache: false, users: 1 })
      expect(warmEntries(dataRoot)).toHaveLength(1)
    } finally {
      rmSync(dataRoot, { recursive: true, force: true })
    }
  })

  it("a run that keeps a failed test's database puts the entry back without it", async () => {
    const dataRoot = mkdtempSync('/dev/shm/pgt-keep-')
    try {
      await run(dataRoot)
      const failing = await open(dataRoot, { onFailure: 'keep' })
      const kept = await oneTest(failing, true)
      expect(await databasesOf(failing)).toContain(kept.name)
      await failing.close()
      expect(warmEntries(dataRoot)).toHaveLength(1)
      const next = await open(dataRoot)
      try {
        expect([fromCacheOf(next), next.templateBuilt]).toEqual([true, false])
        expect(await databasesOf(next)).not.toContain(kept.name) // dropped before it went back
      } finally {
        await next.close()
      }
    } finally {
      rmSync(dataRoot, { recursive: true, force: true })
    }
  })

  it("keeps nothing with embedded.cacheTemplates false, or when a run on a bare cluster kept a failed test's database", async () => {
    const dataRoot = mkdtempSync('/dev/shm/pgt-keep-')
    try {
      await run(dataRoot, { embedded: { dataRoot, cacheTemplates: false } })
      expect(warmEntries(dataRoot)).toEqual([])
      await run(dataRoot, { onFailure: 'keep' }, true)
      expect(warmEntries(dataRoot)).toEqual([]) // a kept database must not come back in a later run
      expect(await run(dataRoot)).toMatchObject({ built: true, fromCache: false })
    } finally {
      rmSync(dataRoot, { recursive: true, force: true })
    }
  })
})
