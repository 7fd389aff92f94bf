import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KEPT_COMMENT } from '../../src/pool/reaper.js'
import { claimSpare, dropSpares, listSpares, spareFromMark, spareMark } from '../../src/pool/spares.js'
import { databaseUrl } from '../../src/sql/core.js'
import { databases, query } from '../support/query.js'
import { serverUrl } from '../support/scratch-database.js'
import { uniquePrefix } from '../support/temp-project.js'

// Spares are claimed where they are: one round trip on the claiming connection clears the free
// mark. Exactly one of several concurrent claimers may win, and an unmarked database (its process
// died using it) is never claimed.
const tag = `${uniquePrefix()}_r1_0`
const names = [`${tag}_1`, `${tag}_2`, `${tag}_3`]
let admin: pg.Client

beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl() })
  await admin.connect()
  for (const name of names) await admin.query(`CREATE DATABASE ${name}`)
})
afterAll(async () => {
  for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.end()
})

async function connect(name: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl(), name) })
  await client.connect()
  return client
}

describe('spares', () => {
  it('reads back the state a mark carries', () => {
    const baseline = { counters: new Map([[16384, '1/0/0']]), reset: null }
    const comment = spareMark({ baseline }).slice(1, -1).replaceAll("''", "'")
    expect(spareFromMark(comment)?.baseline).toEqual(baseline)
    expect(spareFromMark(spareMark({}).slice(1, -1))).toEqual({})
    expect(spareFromMark(null)).toBeUndefined()
    expect(spareFromMark(KEPT_COMMENT)).toBeUndefined()
  })

  it('lets exactly one of several concurrent claims win, and lists only free spares', async () => {
    const [free, unmarked] = names as [string, string]
    await admin.query(`COMMENT ON DATABASE ${free} IS ${spareMark({})}`)
    expect((await listSpares(admin, tag, 10)).map((s) => s.name)).toEqual([free])
    const claimers = await Promise.all(Array.from({ length: 4 }, () => connect(free)))
    try {
      const states = await Promise.all(claimers.map((c) => claimSpare(c, free)))
      expect(states.filter((s) => s !== undefined)).toEqual([{}])
    } finally {
      for (const c of claimers) await c.end()
    }
    expect(await listSpares(admin, tag, 10)).toEqual([])
    // Claimed: its comment is gone, as a fresh clone has none (the recycle proof compares it).
    expect(
      await query(
        serverUrl(),
        `SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = '${free}'`,
      ),
    ).toEqual([{ c: null }])
    // A database no process marked free (its process died using it) cannot be claimed.
    const client = await connect(unmarked)
    expect(await claimSpare(client, unmarked)).toBeUndefined()
    // and the failed claim left no transaction open
    expect(client.getTransactionStatus()).toBe('I')
    await client.end()
  })

  it("drops the run's spares at its end, but not a failed test's kept database", async () => {
    const kept = names[2] as string
    await admin.query(`COMMENT ON DATABASE ${kept} IS '${KEPT_COMMENT}'`)
    expect(await dropSpares(admin, tag)).toBe(2)
    expect((await databases(tag)).filter((n) => n.startsWith(`${tag}_`))).toEqual([kept])
  })
})
