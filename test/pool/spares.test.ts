import { execFile } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KEPT_COMMENT } from '../../src/pool/reaper.js'
import { createRunDir, removeRunDir } from '../../src/pool/run-dir.js'
import { claimSpares, dropSpares, offerSpare } from '../../src/pool/spares.js'
import { databases } from '../support/query.js'
import { serverUrl } from '../support/scratch-database.js'
import { uniquePrefix } from '../support/temp-project.js'

// Spares are offered through the run's directory, a file per database, and claimed by renaming
// the file away: of processes claiming at once, each spare goes to exactly one.
const SPARES = fileURLToPath(new URL('../../dist/pool/spares.js', import.meta.url))
const run = promisify(execFile)

describe('offered spares', () => {
  it('carry their state to the process that claims them, once', () => {
    const dir = createRunDir()
    try {
      const baseline = { counters: new Map([[16384, '1/0/0']]), reset: null }
      expect(offerSpare(dir, 'a_r1_0_1', { baseline })).toBe(true)
      expect(offerSpare(dir, 'a_r1_0_2', {})).toBe(true)
      expect(offerSpare(dir, 'b_r1_0_1', {})).toBe(true) // another run's tag
      const claimed = claimSpares(dir, 'a_r1_0', 5).sort((x, y) => x.name.localeCompare(y.name))
      expect(claimed).toEqual([
        { name: 'a_r1_0_1', state: { baseline } },
        { name: 'a_r1_0_2', state: {} },
      ])
      expect(claimSpares(dir, 'a_r1_0', 5)).toEqual([])
      expect(readdirSync(dir)).toEqual(['spare-b_r1_0_1'])
    } finally {
      removeRunDir(dir)
    }
  })

  it('takes no more than asked, skips a damaged state (removing it) and files still being written', () => {
    const dir = createRunDir()
    try {
      for (let i = 1; i <= 3; i++) offerSpare(dir, `a_r1_0_${i}`, {})
      writeFileSync(join(dir, 'spare-a_r1_0_9'), '{"c": ')
      writeFileSync(join(dir, 'spare-a_r1_0_8.123.partial'), '{}')
      expect(claimSpares(dir, 'a_r1_0', 2)).toHaveLength(2)
      const rest = claimSpares(dir, 'a_r1_0', 10).map((s) => s.name)
      expect(rest).toHaveLength(1)
      expect(rest[0]).toMatch(/^a_r1_0_[123]$/)
      expect(readdirSync(dir)).toEqual(['spare-a_r1_0_8.123.partial'])
      expect(claimSpares('/nonexistent/pgtestbed-run', 'a_r1_0', 1)).toEqual([])
    } finally {
      removeRunDir(dir)
    }
  })

  it('go to exactly one of several processes claiming at once', async () => {
    const dir = createRunDir()
    try {
      const names = Array.from({ length: 40 }, (_, i) => `a_r1_0_${i}`)
      for (const name of names) offerSpare(dir, name, {})
      const claim = `import { claimSpares } from ${JSON.stringify(SPARES)}
        console.log(JSON.stringify(claimSpares(${JSON.stringify(dir)}, 'a_r1_0', 40).map((s) => s.name)))`
      const outputs = await Promise.all(
        Array.from({ length: 4 }, () => run(process.execPath, ['--input-type=module', '-e', claim])),
      )
      const claimed = outputs.flatMap(({ stdout }) => JSON.parse(stdout) as string[])
      expect(claimed.sort()).toEqual([...names].sort())
    } finally {
      removeRunDir(dir)
    }
  })
})

describe('the run’s end', () => {
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

  it("drops the run's spares, but not a failed test's kept database", async () => {
    const kept = names[2] as string
    await admin.query(`COMMENT ON DATABASE ${kept} IS '${KEPT_COMMENT}'`)
    expect(await dropSpares(admin, tag)).toBe(2)
    expect((await databases(tag)).filter((n) => n.startsWith(`${tag}_`))).toEqual([kept])
  })
})
