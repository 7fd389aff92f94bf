import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type AttachedRun, attachRun } from '../../src/pool/attach-run.js'
import { HANDOFF_ENV, handoffFromEnv, type RunHandoff } from '../../src/pool/handoff.js'
import { createTestbed, type Testbed } from '../../src/public/index.js'
import { databases, query } from '../support/query.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

// The lean worker path: a process attaches to a run another process prepared from its handoff
// alone (no config file, no template inputs, no engine code) and hands out its clones.
const project = tempProject({
  'migrations/001_users.sql': 'CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL);',
  'migrations/002_seed.sql': "INSERT INTO users (email) VALUES ('a@example.com');",
})
afterAll(() => project.remove())

describe('attachRun', () => {
  it("reports once, from the preparing process, when the workers' tests outran their pools", async () => {
    const lines: string[] = []
    const workerLines: string[] = []
    const bed = await createTestbed(
      {
        engine: 'url',
        url: serverUrl(),
        prefix: uniquePrefix(),
        pool: { size: 1, maxDatabases: 2, quietAfterAcquireMs: 0 },
      },
      { cwd: project.dir, poolSize: 0, log: (l) => lines.push(l) },
    )
    try {
      // Two workers; at the cap of two nothing is cloned ahead, so each later hand-out waits.
      for (let w = 0; w < 2; w++) {
        const worker = await attachRun(bed.handoff, { log: (l) => workerLines.push(l) })
        let held = [await worker.acquire(), await worker.acquire()]
        for (let i = 0; i < 2; i++) {
          await held[0]?.release()
          held = [held[1]!, await worker.acquire()]
        }
        for (const db of held) await db.release()
        // The first hand-out waits too: a worker's pool starts cloning when it attaches.
        expect(worker.stats()).toMatchObject({ acquired: 4, waited: 4 })
        await worker.close()
      }
      expect(lines).toEqual([])
      await bed.close()
      expect(workerLines).toEqual([])
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(/^pgtestbed: 8 of 8 tests waited for a fresh database .* \(pool.size 1\)/)
    } finally {
      await bed.close()
    }
  })

  it('hands out clones of the prepared template and drops its own on close', async () => {
    const bed = await createTestbed(
      { engine: 'url', url: serverUrl(), prefix: uniquePrefix(), pool: { size: 2 } },
      { cwd: project.dir, poolSize: 0 },
    )
    try {
      const { handoff } = bed
      expect(handoff.template).toBe(bed.template)
      expect(handoff.pool.size).toBe(2) // the configured size, not the preparing process's 0
      // A worker is given JSON (inject or env), not the object.
      const worker = await attachRun(JSON.parse(JSON.stringify(handoff)))
      const a = await worker.acquire()
      const b = await worker.acquire()
      expect(a.template).toBe(bed.template)
      expect(await query(a.url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 1 }])
      await query(a.url, "INSERT INTO users (email) VALUES ('only-in-a@example.com')")
      expect(await query(b.url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 1 }])
      // The warmed connection is handed over on this path too.
      const client = await a.takeConnection()
      expect(client === undefined || (await client.query('SELECT 1 AS one')).rows[0].one === 1).toBe(true)
      await client?.end()
      await a.release()
      await b.release()
      await worker.close()
      await worker.close()
      // Its unused ready clones stay as the run's spares until the run's preparer closes.
      const left = (await databases(bed.config.prefix)).filter((n) => n !== bed.template)
      for (const name of left) expect(name.startsWith(`${handoff.spareTag}_`)).toBe(true)
    } finally {
      await bed.close()
    }
    expect(await databases(bed.config.prefix)).toEqual([bed.template])
  })

  it('fails with a clear error when the handoff names a template that is gone', async () => {
    const prefix = uniquePrefix()
    const worker = await attachRun(
      {
        url: serverUrl(),
        runId: 'gone',
        prefix,
        template: `${prefix}_tpl_0000`,
        strategy: 'file_copy',
        onFailure: 'drop',
        pool: { size: 0, maxDatabases: 4, acquireTimeoutMs: 5_000, quietAfterAcquireMs: 0 },
      },
      { preconnect: false },
    )
    try {
      await expect(worker.acquire()).rejects.toThrow(/_tpl_0000/)
    } finally {
      await worker.close()
    }
    expect(await databases(prefix)).toEqual([])
  })
})

describe('handoffFromEnv', () => {
  it('reads the handoff a run passes on, and ignores absent or foreign values', () => {
    const h = {
      url: 'postgres://u:p@127.0.0.1:5/postgres',
      runId: 'r',
      prefix: 'pgt',
      template: 'pgt_tpl_1',
      strategy: 'file_copy',
      onFailure: 'keep',
      pool: { size: 2, maxDatabases: 8, acquireTimeoutMs: 1, quietAfterAcquireMs: 0 },
    }
    expect(handoffFromEnv({ [HANDOFF_ENV]: JSON.stringify(h) })).toEqual(h)
    expect(handoffFromEnv({})).toBeUndefined()
    expect(handoffFromEnv({ [HANDOFF_ENV]: 'not json' })).toBeUndefined()
    expect(handoffFromEnv({ [HANDOFF_ENV]: '{"url":"x"}' })).toBeUndefined()
  })
})

describe('the runner integrations load only the lean path', () => {
  // Each test file's process pays for every module it imports; the integrations must not pull
  // in config loading, template inputs, migrations or engine code (those load on demand only).
  const src = resolve(import.meta.dirname, '../../src')
  function staticImports(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/^(?:import|export)\s(?!type\b)[^'"]*?from\s+'(\.[^']+)'/gm)) {
      const target = join(dirname(file), (m[1] ?? '').replace(/\.js$/, '.ts'))
      staticImports(target, seen)
    }
    return seen
  }
  it.each(['integrations/vitest/index.ts', 'integrations/node-test/index.ts'])('%s', (entry) => {
    const loaded = [...staticImports(join(src, entry))].map((f) => f.slice(src.length + 1))
    expect(
      loaded.filter((f) => /^(config|engine|migrations|fixtures|schema)\/|^sql\/(index|migrations)/.test(f)),
    ).toEqual([])
    expect(loaded).toContain('pool/attach-run.ts')
  })
})

/** The spares offered in a run's directory. */
function offered(runDir: string): string[] {
  return readdirSync(runDir)
    .filter((f) => f.startsWith('spare-'))
    .map((f) => f.slice('spare-'.length))
    .sort()
}

/**
 * A prepared run (pool size 2) whose first worker, after `use`, let its pool refill and closed:
 * its two ready clones are the run's spares.
 */
async function runWithSpares(
  use?: (first: AttachedRun) => Promise<void>,
): Promise<{ bed: Testbed; handoff: RunHandoff; spares: string[] }> {
  const bed = await createTestbed(
    { engine: 'url', url: serverUrl(), prefix: uniquePrefix(), pool: { size: 2 } },
    { cwd: project.dir, poolSize: 0 },
  )
  try {
    const handoff = JSON.parse(JSON.stringify(bed.handoff)) as RunHandoff
    const first = await attachRun(handoff)
    await use?.(first)
    for (let i = 0; i < 200 && first.stats().ready < 2; i++) await new Promise((r) => setTimeout(r, 10))
    expect(first.stats().ready).toBe(2)
    await first.close()
    const spares = (await databases(bed.config.prefix)).filter((n) => n !== bed.template)
    expect(spares).toHaveLength(2)
    return { bed, handoff, spares }
  } catch (err) {
    await bed.close()
    throw err
  }
}

describe('spare clones between a run’s test processes', () => {
  it('a closing worker leaves its ready clones; the next one starts from them; the preparer drops the rest', async () => {
    const { bed, handoff, spares } = await runWithSpares(async (first) => {
      const db = await first.acquire()
      await db.release()
    })
    try {
      for (const name of spares) expect(name.startsWith(`${bed.handoff.spareTag}_`)).toBe(true)
      // Offered in the run's directory: the next process claims them as it loads.
      expect(offered(handoff.runDir as string)).toEqual(spares)

      const second = await attachRun(handoff)
      const adopted = await second.acquire()
      for (let i = 0; i < 200 && second.stats().ready < 1; i++) await new Promise((r) => setTimeout(r, 10))
      // Both spares were claimed where they are (their files taken), not cloned anew.
      expect(spares).toContain(adopted.name)
      expect(offered(handoff.runDir as string)).toEqual([])
      expect(second.stats().created).toBe(2)
      // Its first test waited for a claim, the process's start: not counted as outrunning the pool.
      expect(second.stats().waited).toBe(0)
      expect(await query(adopted.url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 1 }])
      // A third process finds nothing free while the second holds them: it clones.
      const third = await attachRun(handoff, { size: 1 })
      const own = await third.acquire()
      expect(spares).not.toContain(own.name)
      await own.release()
      await third.close()
      await adopted.release()
      await second.close()
    } finally {
      await bed.close()
    }
    expect(await databases(bed.config.prefix)).toEqual([bed.template])
    expect(existsSync(bed.handoff.runDir as string)).toBe(false)
  })

  it('skips an offered spare whose database is gone, and clones instead', async () => {
    const { bed, handoff, spares } = await runWithSpares()
    try {
      const [gone, left] = spares as [string, string]
      await query(serverUrl(), `DROP DATABASE ${gone}`)
      const second = await attachRun(handoff)
      const got = [await second.acquire(), await second.acquire()]
      expect(got.map((d) => d.name)).toContain(left)
      expect(got.map((d) => d.name)).not.toContain(gone)
      expect(second.stats().created).toBe(2)
      for (const db of got) await db.release()
      await second.close()
    } finally {
      await bed.close()
    }
    expect(await databases(bed.config.prefix)).toEqual([bed.template])
  })
})
