/**
 * pgvector on the pglite engine: every instance loads the `vector` extension, so a template
 * that created it hands it on to its copies.
 */
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { databaseUrl, type StartedEngine } from '../../../src/engine/index.js'
import { startPglite } from '../../../src/engine/pglite/index.js'
import { query } from '../../support/query.js'

let engine: StartedEngine
beforeAll(async () => {
  engine = await startPglite()
}, 120_000)
afterAll(() => engine?.close())

it('creates the vector extension and orders rows by distance, in a template and its copy', async () => {
  const admin = new pg.Client({ connectionString: engine.url })
  await admin.connect()
  try {
    await admin.query('CREATE DATABASE vectors')
    await query(
      databaseUrl(engine.url, 'vectors'),
      `CREATE EXTENSION vector;
       CREATE TABLE items (id int PRIMARY KEY, embedding vector(3));
       INSERT INTO items VALUES (1, '[1,0,0]'), (2, '[0,2,0]'), (3, '[0.9,0.1,0]');`,
    )
    await admin.query('CREATE DATABASE vectors_copy TEMPLATE vectors')
    for (const name of ['vectors', 'vectors_copy']) {
      const rows = await query<{ id: number; d: number }>(
        databaseUrl(engine.url, name),
        "SELECT id, round((embedding <-> '[1,0,0]')::numeric, 4)::float AS d FROM items ORDER BY embedding <-> '[1,0,0]'",
      )
      expect(rows).toEqual([
        { id: 1, d: 0 },
        { id: 3, d: 0.1414 },
        { id: 2, d: 2.2361 },
      ])
    }
  } finally {
    await admin.end()
  }
}, 120_000)
