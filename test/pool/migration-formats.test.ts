import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestbed } from '../../src/public/index.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

// Templates run the project's migrations through the migration formats (auto-detected).
const dbmate = tempProject({
  'migrations/20240101000000_users.sql':
    '-- migrate:up\nCREATE TABLE users (id serial PRIMARY KEY, email text);\n\n-- migrate:down\nDROP TABLE users;\n',
  'migrations/20240102000000_seed.sql':
    "-- migrate:up\nINSERT INTO users (email) VALUES ('a@example.com');\n\n-- migrate:down\nDELETE FROM users;\n",
})
const golang = tempProject({
  'migrations/1_items.up.sql': 'CREATE TABLE items (id int PRIMARY KEY);',
  'migrations/1_items.down.sql': 'DROP TABLE items;',
  'migrations/2_seed.up.sql': 'INSERT INTO items VALUES (1), (2);',
  'migrations/2_seed.down.sql': 'DELETE FROM items;',
})
afterAll(() => {
  dbmate.remove()
  golang.remove()
})

async function count(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
    return rows[0]?.n ?? -1
  } finally {
    await client.end()
  }
}

describe('templates from migration formats', () => {
  it.each([
    ['dbmate', dbmate.dir, 'users', 1],
    ['golang-migrate', golang.dir, 'items', 2],
  ])(
    'builds the template from %s migrations (ups only, no state table)',
    async (_format, dir, table, rows) => {
      const bed = await createTestbed(
        { engine: 'url', url: serverUrl(), prefix: uniquePrefix() },
        { cwd: dir },
      )
      try {
        const db = await bed.acquire()
        expect(await count(db.url, table)).toBe(rows)
        const client = new pg.Client({ connectionString: db.url })
        await client.connect()
        const { rows: schemas } = await client.query(
          "SELECT 1 FROM pg_namespace WHERE nspname = 'pgtestbed_migrations'",
        )
        await client.end()
        expect(schemas).toEqual([])
      } finally {
        await bed.close()
      }
    },
  )
})
