import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.js'
import { startVectorServer, type VectorServer } from '../support/vector-server.js'

let server: VectorServer
const out = mkdtempSync(join(tmpdir(), 'pgt-bench-vector-'))

beforeAll(async () => {
  server = await startVectorServer()
})
afterAll(async () => {
  await server?.close()
  rmSync(out, { recursive: true, force: true })
})

describe('pgtestbed bench vector', () => {
  it('ingests, compares exact search in-process vs SQL, sweeps, reruns and writes the sweep files', async () => {
    const run = await runCli(
      [
        'bench',
        'vector',
        '--url',
        server.url,
        '--rows',
        '1200',
        '--dims',
        '16',
        '--queries',
        '10',
        '--rerun',
        '--out',
        out,
        '--json',
      ],
      { cwd: process.cwd() },
    )
    expect(run.stderr).not.toMatch(/Failed/)
    expect(run.code).toBe(0)
    const r = run.json() as {
      ingest: { method: string }
      groundTruth: { agreeing: number; speedup: number }
      sweep: { points: { method: string; search: Record<string, number> }[] }
      rerunMaxDelta: number
    }
    // PGlite's socket cannot take COPY FROM STDIN: batched INSERTs there, COPY elsewhere.
    expect(r.ingest.method).toBe(server.pglite ? 'insert' : 'copy')
    expect(r.groundTruth.agreeing).toBe(10)
    expect(r.sweep.points.map((p) => Object.values(p.search)[0])).toEqual([10, 20, 40, 80, 160, 1])
    expect(r.rerunMaxDelta).toBeGreaterThanOrEqual(0)
    expect(readFileSync(join(out, 'vector-sweep.svg'), 'utf8')).toMatch(/^<svg /)
    expect(JSON.parse(readFileSync(join(out, 'vector-sweep.json'), 'utf8'))).toMatchObject({
      kind: 'sweep-report',
      rows: 1200,
    })
    expect(readFileSync(join(out, 'vector-sweep.txt'), 'utf8')).toMatch(/^index +search +recall@10/)
    const client = await server.connect()
    expect(
      (await client.query("SELECT 1 FROM pg_tables WHERE tablename LIKE 'pgtestbed_bench%'")).rowCount,
    ).toBe(0)
  })
})
