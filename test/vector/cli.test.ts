import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadVectors, syntheticDataset } from '../../src/public/vector.js'
import { runCli } from '../support/run-cli.js'
import { scratchDatabase, serverUrl } from '../support/scratch-database.js'
import { tempProject } from '../support/temp-project.js'
import { startVectorServer, type VectorServer } from '../support/vector-server.js'

let server: VectorServer
const cwd = process.cwd()

beforeAll(async () => {
  server = await startVectorServer()
  const client = await server.connect()
  const data = syntheticDataset({ count: 2000, dimensions: 32, queries: 0, clusters: 20, seed: 4 })
  await loadVectors(client, { table: 'items', dimensions: 32, vectors: data.vectors })
  await client.query('CREATE INDEX items_hnsw ON items USING hnsw (embedding vector_l2_ops)')
  await client.query('ANALYZE items')
  await client.end()
})
afterAll(async () => server?.close())

/** `pgtestbed vector check` on the items.embedding column of this file's server. */
const checkItems = (...more: string[]) =>
  runCli(['vector', 'check', '--url', server.url, '--table', 'items', '--column', 'embedding', ...more], {
    cwd,
  })

describe('pgtestbed vector check', () => {
  it('reports recall@k, the index that served it and the planner; exit 0', async () => {
    const run = await checkItems('--queries', '20', '--json')
    expect(run.code).toBe(0)
    const data = run.json()
    expect(data).toMatchObject({
      ok: true,
      k: 10,
      queries: 20,
      usedIndex: 'items_hnsw',
      metric: 'l2',
      rows: 2000,
    })
    expect(data['recall']).toBeGreaterThanOrEqual(0.9)
    const human = await checkItems('--queries', '10', '--k', '5')
    expect(human.stdout).toMatch(
      /^items\.embedding: vector\(32\), 2000 rows, metric l2\n {2}indexes {8}items_hnsw \(hnsw m=16 ef_construction=64\)\n {2}recall@5 {7}\d\.\d{4} over 10 queries/,
    )
    expect(human.stdout).toMatch(/searched via {3}items_hnsw {2}\[Limit → Index Scan\]/)
  })

  it('exit 1 when recall is under --min-recall (ef_search 1 returns one row per query)', async () => {
    const run = await checkItems('--queries', '10', '--set', 'hnsw.ef_search=1')
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/recall@10 {6}0\.\d+ .* FAILED/)
    expect(run.stdout).toMatch(/1\.00 rows per query on average; 10 queries got fewer than 10/)
  })

  it('bad input: exit 2 and the reason', async () => {
    const notVector = await runCli(
      ['vector', 'check', '--url', server.url, '--table', 'items', '--column', 'id'],
      { cwd },
    )
    expect(notVector.code).toBe(2)
    expect(notVector.stderr).toMatch(/the column is integer, not a vector/)
    const bigK = await runCli(
      ['vector', 'check', '--url', server.url, '--table', 'items', '--column', 'embedding', '--k', '5000'],
      { cwd },
    )
    expect(bigK.stderr).toMatch(/k is 5000 but the table has 2000 rows/)
    const missing = await runCli(['vector', 'check', '--url', server.url, '--column', 'embedding'], { cwd })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/--table and --column go together/)
  })

  it('without --table: storage precision and the distance operators', async () => {
    const run = await runCli(['vector', 'check', '--url', server.url], { cwd })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^storage precision \(written double vs read back\):\n {2}vector {9}max abs /)
    expect(run.stdout).toMatch(/halfvec .* every value is the expected rounding/)
    expect(run.stdout).toMatch(/<-> l2 {9}\d+ identical, 200 of 200 within float32 rounding/)
    // PGlite's pgvector adds in the same order as the JavaScript computation: identical there.
    if (server.pglite) expect(run.stdout).toMatch(/<-> l2 {9}200 identical/)
  })

  it('with --filter: the under-return and each iterative-scan mode', async () => {
    const run = await checkItems('--queries', '10', '--filter', 'id % 10 = 0', '--json')
    const data = run.json() as { filtered: { matching: number; modes: { iterativeScan: string }[] } }
    expect(data.filtered.matching).toBe(200)
    expect(data.filtered.modes.map((m) => m.iterativeScan)).toEqual(['off', 'strict_order', 'relaxed_order'])
  })

  it('on a server without pgvector: exit 2 naming where pgvector exists', async () => {
    const db = await scratchDatabase()
    try {
      const run = await runCli(
        ['vector', 'check', '--url', db.url, '--table', 'items', '--column', 'embedding', '--json'],
        { cwd },
      )
      expect(run.code).toBe(2)
      expect(run.json()).toMatchObject({ ok: false, error: { code: 'PGT_VECTOR_MISSING' } })
      expect(run.stderr).toMatch(/does not have the vector extension.*engine: 'pglite'/)
    } finally {
      await db.drop()
    }
  })
})

describe('pgtestbed vector check without --url', () => {
  it("checks a fresh database from the project's template: here the embedded server, which lacks pgvector", async () => {
    const project = tempProject({
      'migrations/001.sql': 'CREATE TABLE notes (id serial PRIMARY KEY, body text);',
    })
    try {
      const run = await runCli(['vector', 'check', '--table', 'notes', '--column', 'body'], {
        cwd: project.dir,
        env: { PGTESTBED_URL: serverUrl() },
      })
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(
        /Failed to use pgvector: this PostgreSQL [\d.]+ server does not have the vector extension/,
      )
    } finally {
      project.remove()
    }
  })
})
