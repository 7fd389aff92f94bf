import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestbed, type PgtestbedConfig, PoolError, type Testbed } from '../../src/public/index.js'
import { databases, query } from '../support/query.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

// The warm pool, state by state: creating → ready → leased → (dropping | kept), its errors, the
// warmed connections it hands over, several processes on one run, and template rebuilds.
const project = tempProject({
  'migrations/001_users.sql': 'CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL);',
  'migrations/002_seed.sql': "INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com');",
})
afterAll(() => project.remove())

function config(extra: PgtestbedConfig = {}): PgtestbedConfig {
  return { engine: 'url', url: serverUrl(), prefix: uniquePrefix(), pool: { size: 1 }, ...extra }
}

/** Waits for a pool state (a condition, not a duration: fails only by the test timeout). */
async function until(what: () => boolean): Promise<void> {
  while (!what()) await new Promise((r) => setTimeout(r, 2))
}

async function clonesOf(bed: Testbed): Promise<string[]> {
  return (await databases(bed.config.prefix)).filter((d) => !d.includes('_tpl_'))
}

describe('the warm pool', () => {
  it('moves each database through creating, ready, leased, dropping and kept', async () => {
    const lines: string[] = []
    const bed = await createTestbed(config({ onFailure: 'keep' }), {
      cwd: project.dir,
      log: (l) => lines.push(l),
    })
    try {
      const start = bed.stats()
      expect(start.creating + start.ready).toBe(1)
      await until(() => bed.stats().ready === 1)
      expect(bed.stats()).toMatchObject({ ready: 1, creating: 0, leased: 0, created: 1 })

      const passing = await bed.acquire()
      expect(bed.stats()).toMatchObject({ ready: 0, leased: 1, creating: 1 }) // refill started
      expect(await clonesOf(bed)).toContain(passing.name)
      await passing.release()
      expect(bed.stats()).toMatchObject({ leased: 0, dropping: 1 })
      await until(() => bed.stats().dropping === 0)
      expect(await clonesOf(bed)).not.toContain(passing.name)

      const failing = await bed.acquire()
      await failing.release({ outcome: 'failed' })
      expect(bed.stats()).toMatchObject({ leased: 0, kept: 1, dropping: 0 })
      expect(lines.join('\n')).toContain(failing.name)
      await bed.close()
      expect(await clonesOf(bed)).toEqual([failing.name])
      await query(serverUrl(), `DROP DATABASE "${failing.name}"`)
    } finally {
      await bed.close()
    }
  })

  it('counts hand-outs that waited for a clone, and says at close when the tests outran the pool', async () => {
    const lines: string[] = []
    // At the cap of two, nothing can be cloned ahead: each later hand-out waits, by construction.
    const bed = await createTestbed(config({ pool: { size: 1, maxDatabases: 2, quietAfterAcquireMs: 0 } }), {
      cwd: project.dir,
      log: (l) => lines.push(l),
    })
    try {
      await until(() => bed.stats().ready === 1)
      const first = await bed.acquire()
      expect(bed.stats()).toMatchObject({ acquired: 1, waited: 0, waitedMs: 0 })
      let held = [first, await bed.acquire()]
      for (let i = 0; i < 2; i++) {
        await held[0]?.release()
        held = [held[1]!, await bed.acquire()]
      }
      const stats = bed.stats()
      expect(stats).toMatchObject({ acquired: 4, waited: 3 })
      expect(stats.waitedMs).toBeGreaterThan(0)
      for (const db of held) await db.release()
      expect(lines.join('\n')).not.toContain('outran')
      await bed.close()
      expect(lines.join('\n')).toMatch(
        /^pgtestbed: 3 of 4 tests waited for a fresh database \(median \d+ ms; a clone took \d+ ms\): the tests outran the warm pool \(pool.size 1\)/m,
      )
    } finally {
      await bed.close()
    }
  })

  it('says nothing at close when the warm pool kept up', async () => {
    const lines: string[] = []
    const bed = await createTestbed(config({ pool: { size: 1 } }), {
      cwd: project.dir,
      log: (l) => lines.push(l),
    })
    try {
      for (let i = 0; i < 4; i++) {
        await until(() => bed.stats().ready === 1)
        await (await bed.acquire()).release()
      }
      expect(bed.stats()).toMatchObject({ acquired: 4, waited: 0 })
      await bed.close()
      expect(lines).toEqual([])
    } finally {
      await bed.close()
    }
  })

  it('holds clones and drops off right after a hand-out while the warm pool can serve the next test', async () => {
    const bed = await createTestbed(config({ pool: { size: 2, quietAfterAcquireMs: 60_000 } }), {
      cwd: project.dir,
    })
    try {
      await until(() => bed.stats().ready === 2)
      const first = await bed.acquire()
      expect(bed.stats()).toMatchObject({ ready: 1, creating: 0 }) // no refill while the test starts
      await first.release()
      expect(bed.stats()).toMatchObject({ dropping: 1 })
      expect(await clonesOf(bed)).toContain(first.name) // queued, not dropped yet
      // The warm pool is empty now: the refill and the queued drop cannot wait.
      const second = await bed.acquire()
      expect(bed.stats().creating).toBeGreaterThan(0)
      await until(() => bed.stats().dropping === 0)
      expect(await clonesOf(bed)).not.toContain(first.name)
      await second.release()
    } finally {
      await bed.close()
    }
  })

  it('refills as soon as the quiet time after a hand-out is over, or at once with quietAfterAcquireMs 0', async () => {
    for (const quietAfterAcquireMs of [0, 30]) {
      const bed = await createTestbed(config({ pool: { size: 2, quietAfterAcquireMs } }), {
        cwd: project.dir,
      })
      try {
        await until(() => bed.stats().ready === 2)
        const db = await bed.acquire()
        if (quietAfterAcquireMs === 0) expect(bed.stats().creating).toBe(1)
        await until(() => bed.stats().ready === 2)
        await db.release()
        await until(() => bed.stats().dropping === 0)
        expect(await clonesOf(bed)).not.toContain(db.name)
      } finally {
        await bed.close()
      }
    }
  })

  it('fails with PGT_POOL_EXHAUSTED after pool.acquireTimeoutMs at the cap, naming the cap and the fix', async () => {
    const bed = await createTestbed(config({ pool: { size: 1, maxDatabases: 1, acquireTimeoutMs: 50 } }), {
      cwd: project.dir,
      log: () => undefined,
    })
    try {
      await until(() => bed.stats().ready === 1)
      const held = await bed.acquire()
      const error = await bed.acquire().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PoolError)
      expect((error as PoolError).code).toBe('PGT_POOL_EXHAUSTED')
      expect((error as Error).message).toMatch(
        /1 leased and 0 kept reach the cap of 1.*raise pool\.maxDatabases/,
      )
      // Kept databases count against the cap too.
      await held.release({ outcome: 'failed' })
      const again = await bed.acquire().catch((e: unknown) => e)
      expect((again as PoolError).code).toBe('PGT_POOL_EXHAUSTED')
      expect((again as Error).message).toContain('0 leased and 1 kept')
      await query(serverUrl(), `DROP DATABASE "${held.name}"`)
    } finally {
      await bed.close()
    }
  })

  it('says when the timeout ran out below the cap (clones too slow), not that the cap was reached', async () => {
    const bed = await createTestbed(config({ pool: { size: 1, maxDatabases: 5, acquireTimeoutMs: 1 } }), {
      cwd: project.dir,
    })
    try {
      const error = await bed.acquire().catch((e: unknown) => e)
      expect((error as PoolError).code).toBe('PGT_POOL_EXHAUSTED')
      expect((error as Error).message).toMatch(
        /no clone was ready within pool\.acquireTimeoutMs \(1 ms; \d+ in progress\)/,
      )
    } finally {
      await bed.close()
    }
  })

  it('fails with PGT_POOL_CLOSED once closed, and rejects an acquire waiting at the cap when it closes', async () => {
    const bed = await createTestbed(config({ pool: { size: 1, maxDatabases: 1 } }), { cwd: project.dir })
    await bed.acquire()
    const waiting = bed.acquire().catch((e: unknown) => e)
    await bed.close()
    expect(((await waiting) as PoolError).code).toBe('PGT_POOL_CLOSED')
    const after = await bed.acquire().catch((e: unknown) => e)
    expect(after).toBeInstanceOf(PoolError)
    expect((after as PoolError).code).toBe('PGT_POOL_CLOSED')
    expect(await clonesOf(bed)).toEqual([])
  })

  it('hands over a connection that is already open and warmed, once', async () => {
    const bed = await createTestbed(config({ pool: { size: 2 } }), { cwd: project.dir })
    try {
      await until(() => bed.stats().connected === 2)
      const asked = await query<{ now: Date }>(serverUrl(), 'SELECT clock_timestamp() AS now')
      const db = await bed.acquire()
      expect(bed.stats().connected).toBe(1)
      const handed = db.takeConnection()
      expect(handed).toBeDefined()
      expect(db.takeConnection()).toBeUndefined()
      const client = (await handed) as pg.Client
      // Connected before the test asked, to this database, and its backend already planned a
      // read of the users table (the warm-up): the test's first query finds the caches loaded.
      const { rows } = await client.query<{ db: string; n: number; pid: number }>(
        'SELECT current_database() AS db, count(*)::int AS n, pg_backend_pid() AS pid FROM users',
      )
      expect(rows).toEqual([{ db: db.name, n: 2, pid: expect.any(Number) }])
      const pid = rows[0]?.pid
      const warmed = await query<{ n: number }>(
        serverUrl(),
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = '${db.name}'
           AND pid = ${pid} AND backend_start < '${asked[0]?.now.toISOString()}'`,
      )
      expect(warmed).toEqual([{ n: 1 }])
      await client.end()
      await db.release()
      // A database whose connection nobody took: the pool ends it before the drop.
      const untaken = await bed.acquire()
      await untaken.release()
      await until(() => bed.stats().dropping === 0)
      expect(await clonesOf(bed)).not.toContain(untaken.name)
    } finally {
      await bed.close()
    }
  })

  it('opens no connections with preconnect off', async () => {
    const bed = await createTestbed(config(), { cwd: project.dir, preconnect: false })
    try {
      await until(() => bed.stats().ready === 1)
      const db = await bed.acquire()
      expect(db.takeConnection()).toBeUndefined()
      expect(bed.stats().connected).toBe(0)
      await db.release()
    } finally {
      await bed.close()
    }
  })

  it('serves concurrent acquirers in several processes on one run without a clash or a leak', async () => {
    const prefix = uniquePrefix()
    const runId = `r${prefix.slice(1)}`
    const prepared = await createTestbed(config({ prefix, runId }), { cwd: project.dir, poolSize: 0 })
    try {
      const outputs = await Promise.all(
        [1, 2, 3].map(() => acquirer([serverUrl(), runId, prefix, project.dir, '4'])),
      )
      const names = outputs.flatMap((o) => o.names)
      expect(names).toHaveLength(12)
      expect(new Set(names).size).toBe(12)
      expect(new Set(outputs.map((o) => o.template))).toEqual(new Set([prepared.template]))
      expect(await clonesOf(prepared)).toEqual([])
    } finally {
      await prepared.close()
    }
  })

  it('reaps the databases of a killed process, and leaves those of a live one', async () => {
    const prefix = uniquePrefix()
    const runId = `r${prefix.slice(1)}`
    const live = await createTestbed(config({ prefix, runId }), { cwd: project.dir })
    try {
      const mine = await live.acquire()
      const killed = await acquirer([serverUrl(), runId, prefix, project.dir, '2', 'hold'], true)
      expect(await clonesOf(live)).toEqual(expect.arrayContaining(killed.names))
      const next = await createTestbed(config({ prefix, runId }), { cwd: project.dir })
      await next.close()
      const left = await clonesOf(live)
      for (const name of killed.names) expect(left).not.toContain(name)
      expect(left).toContain(mine.name)
    } finally {
      await live.close()
    }
  })

  it('keeps serving clones of the old template while a new one is built for changed migrations', async () => {
    const changing = tempProject({
      'migrations/001_items.sql': 'CREATE TABLE items (id int PRIMARY KEY);',
    })
    const prefix = uniquePrefix()
    try {
      const old = await createTestbed(config({ prefix }), { cwd: changing.dir })
      const inUse = await old.acquire()
      const client = new pg.Client({ connectionString: inUse.url })
      await client.connect()
      await client.query('INSERT INTO items VALUES (1)')

      writeFileSync(`${changing.dir}/migrations/002_name.sql`, 'ALTER TABLE items ADD COLUMN name text;')
      const rebuilt = await createTestbed(config({ prefix }), { cwd: changing.dir })
      expect(rebuilt.templateBuilt).toBe(true)
      expect(rebuilt.template).not.toBe(old.template)
      const fresh = await rebuilt.acquire()
      expect(await query(fresh.url, 'SELECT id, name FROM items')).toEqual([])

      // The clone in use is untouched, and the old pool still clones its own template.
      expect((await client.query('SELECT id FROM items')).rows).toEqual([{ id: 1 }])
      const another = await old.acquire()
      expect(
        await query(
          another.url,
          "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'items'",
        ),
      ).toEqual([{ n: 1 }])
      await client.end()
      await Promise.all([inUse.release(), another.release(), fresh.release()])
      await Promise.all([old.close(), rebuilt.close()])
      expect((await databases(prefix)).filter((d) => !d.includes('_tpl_'))).toEqual([])
    } finally {
      changing.remove()
    }
  })
})

const ACQUIRER = fileURLToPath(new URL('./support/acquirer.mjs', import.meta.url))

/** Runs support/acquirer.ts in its own process; with `kill`, SIGKILLs it once it holds its databases. */
function acquirer(args: string[], kill = false): Promise<{ names: string[]; template: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ACQUIRER, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    let result: { names: string[]; template: string } | undefined
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      if (result === undefined && out.includes('\n')) {
        result = JSON.parse(out.split('\n')[0] ?? '') as { names: string[]; template: string }
        if (kill) child.kill('SIGKILL')
      }
    })
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString()
    })
    child.once('exit', (code, signal) => {
      if (result !== undefined && (code === 0 || signal === 'SIGKILL')) resolve(result)
      else reject(new Error(`acquirer exited ${code ?? signal}: ${err}`))
    })
  })
}
