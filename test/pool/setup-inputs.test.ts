import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { matchFiles } from '../../src/pool/setup-inputs.js'
import { createTestbed, type PgtestbedConfig } from '../../src/public/index.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

const project = tempProject({
  'seed/plans.csv': 'free\npro\n',
  'seed/nested/extra.txt': 'x',
  'seed/notes.md': 'not matched by *.csv',
  'other/plans.csv': 'outside the glob',
})
afterAll(() => project.remove())

async function plans(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<{ name: string }>('SELECT name FROM plans ORDER BY name')).rows.map(
      (r) => r.name,
    )
  } finally {
    await client.end()
  }
}

describe('setupInputs: the files a setup hook reads are part of the template hash', () => {
  it('matches globs relative to the project root', () => {
    expect(matchFiles(project.dir, 'seed/**')).toEqual([
      'seed/nested/extra.txt',
      'seed/notes.md',
      'seed/plans.csv',
    ])
    expect(matchFiles(project.dir, 'seed/*.csv')).toEqual(['seed/plans.csv'])
    expect(matchFiles(project.dir, '**/plans.csv')).toEqual(['other/plans.csv', 'seed/plans.csv'])
    expect(matchFiles(project.dir, 'seed/missing.csv')).toEqual([])
  })

  it('rebuilds the template when a seed file the setup hook reads changes', async () => {
    const config: PgtestbedConfig = {
      engine: 'url',
      url: serverUrl(),
      prefix: uniquePrefix(),
      migrations: false,
      pool: { size: 1 },
      setupInputs: ['seed/**'],
      setup: async (db) => {
        await db.query('CREATE TABLE plans (name text PRIMARY KEY)')
        const names = readFileSync(join(project.dir, 'seed/plans.csv'), 'utf8').trim().split('\n')
        for (const name of names) await db.query('INSERT INTO plans VALUES ($1)', [name])
      },
    }
    const first = await createTestbed(config, { cwd: project.dir })
    const a = await first.acquire()
    expect(await plans(a.url)).toEqual(['free', 'pro'])
    await first.close()

    const same = await createTestbed(config, { cwd: project.dir })
    expect(same.templateBuilt).toBe(false)
    await same.close()

    writeFileSync(join(project.dir, 'seed/plans.csv'), 'free\npro\nteam\n')
    const second = await createTestbed(config, { cwd: project.dir })
    expect(second.templateBuilt).toBe(true)
    expect(second.template).not.toBe(first.template)
    const b = await second.acquire()
    expect(await plans(b.url)).toEqual(['free', 'pro', 'team'])
    await second.close()
  })

  it('refuses absolute paths and non-lists', async () => {
    const error = await createTestbed({ setupInputs: ['/etc/passwd'] }).catch((e: unknown) => e)
    expect((error as Error).message).toContain('"setupInputs" is ["/etc/passwd"]; it must be a list of globs')
  })
})
