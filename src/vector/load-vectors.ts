/**
 * Loads vectors into a new table by COPY, in one transaction (a failure leaves nothing behind).
 * PGlite reached over its socket server cannot take `COPY … FROM STDIN` yet (the copy
 * sub-protocol is split across calls and the connection loses sync: electric-sql/pglite PR
 * #1028), so there the rows go in as batched `INSERT … SELECT unnest(…)`; the result says which.
 * (pgtestbed's own pglite engine runs COPY FROM STDIN in its router, but a client may reach a
 * bare pglite-socket server, and both say PGlite in version().)
 * @module
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { quoteIdent } from '../sql/index.js'
import { requireVector } from './availability.js'
import { checkVectors, inputError } from './input-checks.js'
import { sparseLiteral, vectorLiteral } from './vector-text.js'

/** Options of `loadVectors()`. */
export interface LoadVectorsOptions {
  /** The table to create (it must not exist). */
  readonly table: string
  /** Default `embedding`. */
  readonly column?: string
  /** Default `vector`. */
  readonly type?: 'vector' | 'halfvec' | 'sparsevec'
  readonly dimensions: number
  /** Row-major values, `dimensions` per row. */
  readonly vectors: Float32Array
  /** Adds `category integer` = row number modulo this, for filtered searches. */
  readonly categories?: number
}

/** What was loaded and how. */
export interface LoadVectorsResult {
  readonly table: string
  readonly rows: number
  readonly ms: number
  readonly method: 'copy' | 'insert'
}

function* lines(o: LoadVectorsOptions, first: number, last: number): Generator<string> {
  const literal = o.type === 'sparsevec' ? sparseLiteral : vectorLiteral
  for (let i = first; i < last; i++) {
    const category = o.categories === undefined ? '' : `\t${i % o.categories}`
    yield `${i}\t${literal(o.vectors, i * o.dimensions, o.dimensions)}${category}\n`
  }
}

async function insertBatches(
  client: pg.ClientBase,
  o: LoadVectorsOptions,
  rows: number,
  cols: string,
): Promise<void> {
  const type = `${o.type ?? 'vector'}(${o.dimensions})`
  for (let first = 0; first < rows; first += 1000) {
    const last = Math.min(rows, first + 1000)
    const values = [...lines(o, first, last)].map((l) => l.slice(0, -1).split('\t'))
    const columns = values[0]!.map((_, c) => values.map((v) => v[c]))
    const casts = ['int[]', `text[]::${type}[]`, 'int[]'].slice(0, columns.length)
    await client.query(
      `INSERT INTO ${o.table} (${cols}) SELECT * FROM unnest(${casts.map((c, i) => `$${i + 1}::${c}`).join(', ')})`,
      columns,
    )
  }
}

/**
 * Creates `table (id integer primary key, <column> <type>(dims)[, category integer])` and loads the rows.
 *
 * @example
 * const data = syntheticDataset({ count: 1000, dimensions: 128 })
 * await loadVectors(client, { table: 'items', dimensions: 128, vectors: data.vectors })
 */
export async function loadVectors(
  client: pg.ClientBase,
  options: LoadVectorsOptions,
): Promise<LoadVectorsResult> {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.table))
    throw inputError(
      `load ${options.table}`,
      'the table name is not a plain lower-case name',
      'Use a name like items_128.',
    )
  const rows = checkVectors(options.vectors, options.dimensions, `the vectors for ${options.table}`)
  const limit = options.type === 'halfvec' ? 4000 : 16_000
  if (!Number.isInteger(options.dimensions) || options.dimensions < 1 || options.dimensions > limit)
    throw inputError(
      `load ${options.table}`,
      `${options.dimensions} dimensions`,
      `Use 1 to ${limit} dimensions.`,
    )
  await requireVector(client, { create: true })
  const started = performance.now()
  const column = quoteIdent(options.column ?? 'embedding')
  const cols = `id, ${column}${options.categories === undefined ? '' : ', category'}`
  const { rows: server } = await client.query<{ pglite: boolean }>(
    "SELECT version() LIKE '%PGlite%' AS pglite",
  )
  const method = server[0]?.pglite === true ? 'insert' : 'copy'
  await client.query('BEGIN')
  try {
    await client.query(
      `CREATE TABLE ${options.table} (id integer PRIMARY KEY, ${column} ${options.type ?? 'vector'}(${options.dimensions})${options.categories === undefined ? '' : ', category integer'})`,
    )
    if (method === 'copy')
      await pipeline(
        Readable.from(lines(options, 0, rows)),
        client.query(copyFrom(`COPY ${options.table} (${cols}) FROM STDIN`)),
      )
    else await insertBatches(client, options, rows, cols)
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  }
  return { table: options.table, rows, ms: performance.now() - started, method }
}
