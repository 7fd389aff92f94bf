import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCK_SPACE } from '../../src/pool/liveness.js'
import { createTestbed, type PgtestbedConfig } from '../../src/public/index.js'
import { serverUrl } from '../support/scratch-database.js'
import { uniquePrefix } from '../support/temp-project.js'

let admin: pg.Client
beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl() })
  await admin.connect()
})
afterAll(async () => {
  await admin.end()
})

/** A config whose template differs per `version` (the setup hook is part of the inputs). */
function config(prefix: string, version: number, keep = 3): PgtestbedConfig {
  const setup = new Function('db', `return db.query('SELECT ${version}')`) as PgtestbedConfig['setup']
  return {
    engine: 'url',
    url: serverUrl(),
    prefix,
    migrations: false,
    pool: { size: 1 },
    templates: { keep },
    setup,
  }
}

async function databases(prefix: string): Promise<string[]> {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1`,
    [`${prefix}\\_%`],
  )
  return rows.map((r) => r.datname)
}

describe('template leftovers', () => {
  it("a killed build's database is dropped by the next start, even with other inputs; a live build's stays", async () => {
    const prefix = uniquePrefix()
    // What a build SIGKILLed mid-way leaves: its `_build` database, and one renamed but never marked.
    await admin.query(`CREATE DATABASE ${prefix}_tpl_dead0001_build`)
    await admin.query(`CREATE DATABASE ${prefix}_tpl_dead0002`)
    // A build in progress in another process holds its template's build lock.
    const builder = new pg.Client({ connectionString: serverUrl() })
    await builder.connect()
    await builder.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_SPACE, `${prefix}_tpl_live0003`])
    await admin.query(`CREATE DATABASE ${prefix}_tpl_live0003_build`)

    const bed = await createTestbed(config(prefix, 1))
    await bed.close()
    const left = await databases(prefix)
    expect(left).not.toContain(`${prefix}_tpl_dead0001_build`)
    expect(left).not.toContain(`${prefix}_tpl_dead0002`)
    expect(left).toContain(`${prefix}_tpl_live0003_build`)
    await builder.end()
    await admin.query(`DROP DATABASE ${prefix}_tpl_live0003_build`)
    await admin.query(`ALTER DATABASE ${bed.template} WITH IS_TEMPLATE false`)
    await admin.query(`DROP DATABASE ${bed.template}`)
  })

  it('keeps the newest templates.keep templates, and an older one while a process uses it', async () => {
    const prefix = uniquePrefix()
    const templates: string[] = []
    // Version 1 stays open (in use) through the whole test.
    const first = await createTestbed(config(prefix, 1, 2))
    templates.push(first.template)
    for (const version of [2, 3, 4]) {
      const bed = await createTestbed(config(prefix, version, 2))
      templates.push(bed.template)
      await bed.close()
    }
    const [v1, v2, v3, v4] = templates
    // v2 is older than the 2 newest and unused: dropped; v1 is older too but in use.
    expect((await databases(prefix)).filter((n) => n.includes('_tpl_'))).toEqual([v1, v3, v4].sort())
    expect(v2).toBeDefined()
    await first.close()
    const again = await createTestbed(config(prefix, 4, 2))
    await again.close()
    expect((await databases(prefix)).filter((n) => n.includes('_tpl_'))).toEqual([v3, v4].sort())
    for (const t of [v3, v4]) {
      await admin.query(`ALTER DATABASE ${t} WITH IS_TEMPLATE false`)
      await admin.query(`DROP DATABASE ${t}`)
    }
  })

  it('rejects a templates.keep that is not a positive integer', async () => {
    await expect(createTestbed({ ...config(uniquePrefix(), 1), templates: { keep: 0 } })).rejects.toThrow(
      /templates\.keep/,
    )
  })
})
