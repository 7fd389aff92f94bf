import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { type StartedEmbedded, startEmbedded } from '../../src/engine/index.js'

// A cluster that took the kept data directory puts it back at close() only as it found it.
const dataRoot = mkdtempSync('/dev/shm/pgt-taken-')
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }))

function entries(): string[] {
  return readdirSync(dataRoot).filter((n) => n.startsWith('warm-'))
}

async function sql(server: StartedEmbedded, text: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: server.url })
  await client.connect()
  try {
    const { rows } = await client.query<{ name?: string }>(text)
    return rows.map((r) => String(r.name))
  } finally {
    await client.end()
  }
}

const databases = (s: StartedEmbedded) =>
  sql(s, 'SELECT datname AS name FROM pg_database WHERE datname NOT LIKE $$template_$$ ORDER BY 1')

describe('a kept data directory taken by a cluster', () => {
  it('goes back without the databases made since, and not at all after a new role or table', async () => {
    const first = await startEmbedded({ dataRoot })
    expect(first.fromCache).toBe(false)
    await sql(first, 'CREATE DATABASE kept_one')
    expect(await first.closeKeepingTemplates()).toBe(true)
    expect(entries()).toHaveLength(1)

    const second = await startEmbedded({ dataRoot })
    expect(second.fromCache).toBe(true)
    expect(entries()).toEqual([]) // taken, not copied
    // cacheTemplates false never takes it (and finds nothing to take here anyway).
    const without = await startEmbedded({ dataRoot, cacheTemplates: false })
    expect(without.fromCache).toBe(false)
    await without.close()
    await sql(second, 'CREATE DATABASE made_since')
    await second.close()
    expect(entries()).toHaveLength(1)

    const third = await startEmbedded({ dataRoot })
    expect(third.fromCache).toBe(true)
    expect(await databases(third)).toEqual(['kept_one', 'postgres'])
    await sql(third, 'CREATE ROLE made_by_a_test')
    await third.close()
    expect(entries()).toEqual([]) // a role would reach every later run

    const bare = await startEmbedded({ dataRoot })
    expect(bare.fromCache).toBe(false)
    expect(await bare.closeKeepingTemplates()).toBe(true)
    const fourth = await startEmbedded({ dataRoot })
    expect(fourth.fromCache).toBe(true)
    await sql(fourth, 'CREATE TABLE left_in_postgres (id int)')
    await fourth.close()
    expect(entries()).toEqual([]) // so would a table in the postgres database
    expect(readdirSync(`${dataRoot}/clusters`)).toEqual([])
  })
})
