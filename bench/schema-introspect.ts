/**
 * Introspection speed: `introspect()` on schemas of 100 and 200 tables (each with a primary
 * key, a foreign key, a check, a unique constraint, two indexes, a comment; plus views, enums
 * and functions), against the common hand-written alternative — information_schema queries
 * per table — measured in the same run on the same database. Prints median and p95 times and
 * query counts. `introspect(client)` reuses its prepared statements from run to run;
 * `introspect(url)` connects, plans and disconnects every time (what the CLI does). Never a test: timings are figures for docs/benchmarks.md, not assertions.
 *
 * Usage: npx jiti bench/schema-introspect.ts [--runs 15] [--url postgres://admin-url]
 * (without --url an embedded cluster is started and stopped)
 */
import { parseArgs } from 'node:util'
import pg from 'pg'
import { databaseUrl, type StartedEngine, startEmbedded } from '../src/engine/index.js'
import type { Queryable } from '../src/internal/queryable.js'
import { introspect } from '../src/schema/index.js'
import { createDatabaseSql, dropDatabaseSql } from '../src/sql/index.js'

const { values } = parseArgs({ options: { runs: { type: 'string' }, url: { type: 'string' } } })
const RUNS = Number(values.runs ?? 15)

function schemaSql(tables: number): string {
  const out = ["CREATE TYPE status AS ENUM ('new', 'active', 'done')"]
  for (let i = 0; i < tables; i++) {
    const ref = i === 0 ? '' : `, parent_id bigint REFERENCES t${i - 1} (id) ON DELETE CASCADE`
    out.push(`CREATE TABLE t${i} (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      code varchar(32) NOT NULL UNIQUE,
      status status NOT NULL DEFAULT 'new',
      amount numeric(12,2) CHECK (amount >= 0),
      payload jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz${ref})`)
    out.push(`CREATE INDEX t${i}_created ON t${i} (created_at DESC) WHERE deleted_at IS NULL`)
    out.push(`CREATE INDEX t${i}_payload ON t${i} USING gin (payload)`)
    out.push(`COMMENT ON TABLE t${i} IS 'table ${i}'`)
    if (i % 10 === 0) out.push(`CREATE VIEW v${i} AS SELECT id, code FROM t${i} WHERE deleted_at IS NULL`)
    if (i % 10 === 0)
      out.push(`CREATE FUNCTION f${i}(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x + ${i}'`)
  }
  return out.join(';\n')
}

/** The usual hand-written alternative: a few information_schema / pg_indexes queries per table. */
async function introspectPerTable(q: Queryable): Promise<number> {
  const { rows: tables } = await q.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  )
  let columns = 0
  for (const { table_name } of tables) {
    const c = await q.query(
      `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
      [table_name],
    )
    await q.query(
      `SELECT tc.constraint_name, tc.constraint_type, kcu.column_name FROM information_schema.table_constraints tc
       LEFT JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name
         AND kcu.table_schema = tc.table_schema
       WHERE tc.table_schema = 'public' AND tc.table_name = $1`,
      [table_name],
    )
    await q.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1`,
      [table_name],
    )
    columns += c.rows.length
  }
  return columns
}

function counting(q: Queryable): Queryable & { count: number } {
  const wrapper = {
    count: 0,
    query(text: string, params?: readonly unknown[]) {
      wrapper.count++
      return q.query(text, params)
    },
  }
  return wrapper as Queryable & { count: number }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

async function measure(label: string, fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 2; i++) await fn() // warm caches and plans
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  const result = { median: percentile(times, 50), p95: percentile(times, 95) }
  console.log(
    `  ${label.padEnd(34)} median ${result.median.toFixed(1).padStart(7)} ms   p95 ${result.p95.toFixed(1).padStart(7)} ms`,
  )
  return result
}

const engine: StartedEngine | undefined = values.url === undefined ? await startEmbedded({}) : undefined
const adminUrl = values.url ?? engine?.url ?? ''
const admin = new pg.Client({ connectionString: adminUrl })
await admin.connect()
try {
  console.log(`schema introspection, ${RUNS} runs each (after 2 warm-up runs)`)
  for (const tables of [100, 200]) {
    const name = `pgt_bench_schema_${tables}_${process.pid}`
    await admin.query(createDatabaseSql(name))
    const client = new pg.Client({ connectionString: databaseUrl(adminUrl, name) })
    await client.connect()
    try {
      await client.query(schemaSql(tables))
      await client.query('ANALYZE')
      const ours = counting(client)
      const model = await introspect(ours)
      const theirs = counting(client)
      await introspectPerTable(theirs)
      console.log(
        `${tables} tables (${model.tables.reduce((n, t) => n + t.indexes.length, 0)} indexes, ${model.views.length} views, ${model.functions.length} functions):`,
      )
      const a = await measure(`introspect(client) [${ours.count} queries]`, () => introspect(client))
      await measure('introspect(url), new connection', () => introspect(databaseUrl(adminUrl, name)))
      await measure('introspect(client, { prepare: false })', () => introspect(client, { prepare: false }))
      const b = await measure(`per-table information_schema [${theirs.count} queries]`, () =>
        introspectPerTable(client),
      )
      console.log(`  ratio: per-table / introspect() = ${(b.median / a.median).toFixed(1)}x (median)`)
    } finally {
      await client.end()
      await admin.query(dropDatabaseSql(name))
    }
  }
} finally {
  await admin.end()
  await engine?.close()
}
