/**
 * Benchmark: the per-test cost of rollback mode (begin … rollback around a test that runs one
 * app transaction) versus resetting a shared database with TRUNCATE, in one run. Run:
 * npx jiti bench/concurrency-rollback.ts [tests]
 * @module
 */
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { startRollbackMode } from '../src/concurrency/index.js'
import { databaseUrl, startEmbedded } from '../src/engine/index.js'

const tests = Number(process.argv[2] ?? 500)

function stats(values: number[]): { median: number; p95: number } {
  const s = [...values].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))]!
  return { median: Math.round(at(0.5) * 1000) / 1000, p95: Math.round(at(0.95) * 1000) / 1000 }
}

const server = await startEmbedded({})
try {
  const admin = new pg.Client({ connectionString: server.url })
  await admin.connect()
  await admin.query('create database bench_rollback')
  await admin.end()
  const url = databaseUrl(server.url, 'bench_rollback')
  const direct = new pg.Client({ connectionString: url })
  await direct.connect()
  await direct.query('create table users (id serial primary key, email text unique not null)')
  const mode = await startRollbackMode({ url })

  /** The "test": one app transaction inserting a row, then a read. */
  const body = async (
    client: { query: (text: string, values?: unknown[]) => Promise<unknown> },
    i: number,
  ) => {
    await client.query('BEGIN')
    await client.query('insert into users (email) values ($1)', [`u${i}@example.com`])
    await client.query('COMMIT')
    await client.query('select count(*) from users')
  }
  const overheadRollback: number[] = []
  const overheadTruncate: number[] = []
  const wholeRollback: number[] = []
  const wholeTruncate: number[] = []
  for (let i = 0; i < tests; i++) {
    // Interleaved: one test in each mode per iteration.
    let t0 = performance.now()
    await mode.begin()
    const t1 = performance.now()
    await body(mode.client, i)
    const t2 = performance.now()
    await mode.rollback()
    const t3 = performance.now()
    overheadRollback.push(t1 - t0 + (t3 - t2))
    wholeRollback.push(t3 - t0)

    t0 = performance.now()
    await body(direct, i)
    const t4 = performance.now()
    await direct.query('truncate users restart identity')
    const t5 = performance.now()
    overheadTruncate.push(t5 - t4)
    wholeTruncate.push(t5 - t0)
  }
  await mode.close()
  await direct.end()
  const r = stats(overheadRollback)
  const tr = stats(overheadTruncate)
  console.log(`PostgreSQL ${server.serverVersion}, ${tests} tests per mode (interleaved)`)
  console.log(
    `rollback mode: isolation overhead per test median ${r.median} ms, p95 ${r.p95} ms; whole test median ${stats(wholeRollback).median} ms`,
  )
  console.log(
    `TRUNCATE after each test: overhead median ${tr.median} ms, p95 ${tr.p95} ms; whole test median ${stats(wholeTruncate).median} ms`,
  )
  console.log(`overhead ratio TRUNCATE / rollback mode: ${Math.round((tr.median / r.median) * 10) / 10}×`)
} finally {
  await server.close()
}
