import { statSync } from 'node:fs'
import { createServer } from 'node:net'
import { relative } from 'node:path'
import {
  IntegreSQLApiClient,
  type IntegreSQLApiClientError,
  IntegreSQLClient,
} from '@devoxa/integresql-client'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PgtestbedConfig } from '../../src/config/index.js'
import { PgtestbedError } from '../../src/errors.js'
import { type ServeHandle, startServe } from '../../src/serve/index.js'
import { databases, query } from '../support/query.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

// `pgtestbed serve` driven by the published IntegreSQL client from npm (unchanged: it only takes
// a base URL, so the secret travels in the URL's path) and by plain fetch for the pgtestbed route.
const project = tempProject({
  'migrations/001_items.sql': 'CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);',
})
const prefix = uniquePrefix()
const config: PgtestbedConfig = { engine: 'url', url: '', prefix, pool: { size: 1 }, onFailure: 'keep' }
let serve: ServeHandle

beforeAll(async () => {
  serve = await startServe({ cwd: project.dir, config: { ...config, url: serverUrl() }, env: {} })
})
afterAll(async () => {
  await serve?.close()
  project.remove()
})

async function status(res: Promise<unknown>): Promise<number> {
  try {
    await res
    return 200
  } catch (err) {
    return (err as IntegreSQLApiClientError).responseStatus
  }
}

async function tableNames(url: string): Promise<string[]> {
  const rows = await query<{ t: string }>(
    url,
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'",
  )
  return rows.map((r) => r.t)
}

describe('pgtestbed serve: the IntegreSQL API, with the official npm client', () => {
  it('builds a template through the client once, then hands out a fresh clone per call', async () => {
    const client = new IntegreSQLClient({ url: serve.integresqlUrl })
    // The client hashes globs relative to the working directory.
    const hash = await client.hashFiles([`${relative(process.cwd(), project.dir)}/migrations/**`])
    let builds = 0
    await client.initializeTemplate(hash, async (config) => {
      builds++
      const db = new pg.Client({ connectionString: client.databaseConfigToConnectionUrl(config) })
      await db.connect()
      await db.query('CREATE TABLE accounts (id int PRIMARY KEY); INSERT INTO accounts VALUES (1)')
      await db.end()
    })
    // A second initialize of the same hash: already there (423), the callback does not run.
    await client.initializeTemplate(hash, async () => {
      builds++
    })
    expect(builds).toBe(1)
    const a = client.databaseConfigToConnectionUrl(await client.getTestDatabase(hash))
    const b = client.databaseConfigToConnectionUrl(await client.getTestDatabase(hash))
    expect(a).not.toBe(b)
    await query(a, 'INSERT INTO accounts VALUES (2)')
    expect(await query(b, 'SELECT id FROM accounts')).toEqual([{ id: 1 }])
  })

  it('gives test databases back (return, unlock, recreate): they are dropped, unknown ids are 404', async () => {
    const api = new IntegreSQLApiClient({ url: serve.integresqlUrl })
    const hash = 'give-back-hash'
    await api.initializeTemplate(hash)
    await api.finalizeTemplate(hash)
    const first = (await api.getTestDatabase(hash)) as {
      id: number
      database: { config: { database: string } }
    }
    const name = first.database.config.database
    expect(await databases(prefix)).toContain(name)
    await api.reuseTestDatabase(hash, first.id)
    const second = (await api.getTestDatabase(hash)) as { id: number }
    await api.recreateTestDatabase(hash, second.id)
    expect(await status(api.reuseTestDatabase(hash, first.id))).toBe(404)
    expect(await status(api.recreateTestDatabase('no-such-hash', 0))).toBe(404)
    const until = async (): Promise<void> => {
      while ((await databases(prefix)).includes(name)) await new Promise((r) => setTimeout(r, 10))
    }
    await until()
  })

  it('answers 404 for an unknown template hash and 400 without a hash', async () => {
    const api = new IntegreSQLApiClient({ url: serve.integresqlUrl })
    expect(await status(api.getTestDatabase('never-initialized'))).toBe(404)
    expect(await status(api.finalizeTemplate('never-initialized'))).toBe(404)
    expect(await status(api.discardTemplate('never-initialized'))).toBe(404)
    expect(await status(api.initializeTemplate(''))).toBe(400)
  })

  it('lets one of two clients initializing the same hash build it; the other waits for it', async () => {
    const hash = 'raced-hash'
    let release: () => void = () => undefined
    const building = new Promise<void>((r) => {
      release = r
    })
    let builds = 0
    const setup = async (cfg: { database: string }): Promise<void> => {
      builds++
      await building
      await query(
        new IntegreSQLClient({ url: serve.integresqlUrl }).databaseConfigToConnectionUrl(cfg as never),
        'CREATE TABLE raced (id int)',
      )
    }
    const c1 = new IntegreSQLClient({ url: serve.integresqlUrl })
    const c2 = new IntegreSQLClient({ url: serve.integresqlUrl })
    const first = c1.initializeTemplate(hash, setup)
    while (builds === 0) await new Promise((r) => setTimeout(r, 5))
    // The second client gets 423 and returns at once; its next call waits for the first's finalize.
    await c2.initializeTemplate(hash, setup)
    let handedOut = false
    const waiting = c2.getTestDatabase(hash).then((db) => {
      handedOut = true
      return db
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(handedOut).toBe(false)
    release()
    await first
    expect(builds).toBe(1)
    const db = await waiting
    expect(await tableNames(c2.databaseConfigToConnectionUrl(db))).toEqual(['raced'])
  })

  it('discards a template whose setup failed: nothing is left marked usable', async () => {
    const client = new IntegreSQLClient({ url: serve.integresqlUrl })
    const hash = 'broken-hash'
    await expect(
      client.initializeTemplate(hash, async () => {
        throw new Error('migration 002 failed')
      }),
    ).rejects.toThrow('migration 002 failed')
    const api = new IntegreSQLApiClient({ url: serve.integresqlUrl })
    expect(await status(api.getTestDatabase(hash))).toBe(404)
    // The hash can be initialized again after a discard.
    await api.initializeTemplate(hash)
    await api.discardTemplate(hash)
  })
})

describe('pgtestbed serve: the pgtestbed route and the secret', () => {
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${serve.token}` })

  it('hands out a database of the project template; a failed test keeps its database', async () => {
    const res = await fetch(`${serve.url}/pgtestbed/v1/databases`, { method: 'POST', headers: auth() })
    expect(res.status).toBe(200)
    const db = (await res.json()) as { id: number; name: string; url: string }
    expect(await tableNames(db.url)).toEqual(['items'])
    const back = await fetch(`${serve.url}/pgtestbed/v1/databases/${db.id}/release`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'failed' }),
    })
    expect(await back.json()).toEqual({ kept: true, name: db.name })
    expect(await databases(prefix)).toContain(db.name)
    const again = await fetch(`${serve.url}/pgtestbed/v1/databases/${db.id}/release`, {
      method: 'POST',
      headers: auth(),
    })
    expect(again.status).toBe(404)
  })

  it('refuses a release whose test record is malformed (400, naming the field), and keeps the database out', async () => {
    const res = await fetch(`${serve.url}/pgtestbed/v1/databases`, { method: 'POST', headers: auth() })
    const db = (await res.json()) as { id: number; name: string }
    const release = (body: unknown) =>
      fetch(`${serve.url}/pgtestbed/v1/databases/${db.id}/release`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const bad = await release({ outcome: 'passed', test: { name: 'x', acquireMs: 'slow', bodyMs: 1 } })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toContain('needs acquireMs as milliseconds')
    // Still handed out: a well-formed release (null fields as unknown) gives it back.
    const good = await release({ test: { name: 'x', file: null, line: null, acquireMs: 1, bodyMs: 2 } })
    expect(await good.json()).toEqual({ kept: false, name: db.name })
    // The drop runs in the background: wait for it (bounded) so the next test starts settled.
    for (let i = 0; i < 100 && (await databases(prefix)).includes(db.name); i++)
      await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await databases(prefix)).not.toContain(db.name)
  })

  it('answers 401 and hands out nothing without the secret, or with a wrong one', async () => {
    const before = await databases(prefix)
    const none = await fetch(`${serve.url}/pgtestbed/v1/databases`, { method: 'POST' })
    const wrong = await fetch(`${serve.url}/pgtestbed/v1/databases`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-the-token' },
    })
    expect([none.status, wrong.status]).toEqual([401, 401])
    expect(none.headers.get('www-authenticate')).toContain('Bearer')
    const api = new IntegreSQLApiClient({ url: `${serve.url}/t/wrong/` })
    expect(await status(api.initializeTemplate('x'))).toBe(401)
    expect(await status(new IntegreSQLApiClient({ url: serve.url }).getTestDatabase('x'))).toBe(401)
    // Nothing new (an earlier test's given-back database may still be dropping meanwhile).
    expect((await databases(prefix)).filter((name) => !before.includes(name))).toEqual([])
  })

  it('writes the secret to a state file only the user can read', () => {
    expect(statSync(serve.stateFile).mode & 0o777).toBe(0o600)
  })

  it('fails clearly on a port in use, starting nothing', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()))
    const port = (blocker.address() as { port: number }).port
    const other = uniquePrefix()
    try {
      const err = await startServe({
        cwd: project.dir,
        config: { ...config, url: serverUrl(), prefix: other },
        env: {},
        port,
      }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(PgtestbedError)
      expect((err as PgtestbedError).code).toBe('PGT_PORT_IN_USE')
      expect((err as Error).message).toContain(`port ${port}`)
      expect(await databases(other)).toEqual([])
    } finally {
      blocker.close()
    }
  })
})
