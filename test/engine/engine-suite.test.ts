/**
 * One suite, every engine: each must start (or attach), report its version, let us create and
 * use a database, and close safely twice.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { databaseUrl, type StartedEngine, startEmbedded, startUrl } from '../../src/engine/index.js'
import { serverUrl } from '../support/scratch-database.js'

const ENGINES: Record<string, () => Promise<StartedEngine>> = {
  embedded: () => startEmbedded({}),
  url: () => startUrl(serverUrl()),
  // Loaded on demand, as startEngine does: the optional PGlite packages are devDependencies here.
  pglite: async () => (await import('../../src/engine/pglite/index.js')).startPglite(),
}
const selected = (process.env['PGT_ENGINES'] ?? 'embedded,url,pglite').split(',')

for (const [kind, start] of Object.entries(ENGINES)) {
  describe.runIf(selected.includes(kind))(`engine: ${kind}`, () => {
    it('starts, reports its version, creates databases, and closes twice safely', async () => {
      const engine = await start()
      try {
        expect(engine.kind).toBe(kind)
        expect(engine.serverVersion).toMatch(/^\d+\.\d+/)
        expect(engine.serverVersionNum).toBeGreaterThanOrEqual(150000)
        const name = `suite_${randomBytes(4).toString('hex')}`
        const admin = new pg.Client({ connectionString: engine.url })
        await admin.connect()
        await admin.query(`CREATE DATABASE ${name}`)
        const db = new pg.Client({ connectionString: databaseUrl(engine.url, name) })
        await db.connect()
        expect((await db.query('SELECT current_database() AS d')).rows).toEqual([{ d: name }])
        await db.end()
        await admin.query(`DROP DATABASE ${name}`)
        await admin.end()
      } finally {
        await engine.close()
        await engine.close()
      }
    })
  })
}
