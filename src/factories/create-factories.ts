/**
 * `createFactories()`: schema-aware row builders. From the schema model they make rows that fit
 * the table — types, NOT NULL, defaults, foreign keys (picking existing parents, or creating one
 * when there is none), unique and primary keys (derived from the row number), enums and simple
 * CHECKs — deterministically for a seed, and insert them in bulk through COPY.
 * @module
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { failure, messageOf, PgtestbedError } from '../errors.js'
import { introspect, type SchemaModel, type Table } from '../schema/index.js'
import { quoteIdent } from '../sql/index.js'
import { type ColumnPlan, planColumns } from './column-plan.js'
import { encodeRow } from './encode-row.js'
import { generateValue } from './generate-value.js'
import { hashKey } from './seeded-random.js'

/** A generated row, keyed by column name. */
export type Row = Record<string, unknown>

/** A fixed value, or a function of the row's position. */
export type Override = unknown | ((at: { readonly index: number; readonly n: number }) => unknown)

/** Per-column overrides. */
export type Overrides = Readonly<Record<string, Override>>

/** What `create()` returns: await it for the rows, or chain `.each()` to create children. */
export interface Batch extends PromiseLike<Row[]> {
  /** Runs `fn` for each created row, one after another; resolves to the rows. */
  each(fn: (row: Row, index: number) => unknown): Promise<Row[]>
}

/** Options of `createFactories()`. */
export interface FactoriesOptions {
  /** Same seed, same rows; default 1. */
  readonly seed?: number | string
  /** The schema model; default: introspected from the connection. */
  readonly schema?: SchemaModel
}

/** The factories of one database. */
export interface Factories {
  readonly model: SchemaModel
  /** Rows for `table` without inserting them (foreign keys only from overrides). */
  build(table: string, count?: number, overrides?: Overrides): Row[]
  /** Builds and inserts rows through COPY; parents come from existing rows or are created. */
  create(table: string, count?: number, overrides?: Overrides): Batch
}

interface TableState {
  readonly table: Table
  readonly label: string
  readonly plans: readonly ColumnPlan[]
  offset: number | undefined
  created: number
  /** Serial/identity columns and their sequences, read on first use. */
  sequences?: [string, string][]
}

/**
 * Creates factories for the database `client` is connected to.
 *
 * @example
 * const f = await createFactories(client, { seed: 42 })
 * await f.create('users', 10).each((u) => f.create('bookings', 3, { user_id: u.id }))
 */
export async function createFactories(client: pg.Client, options: FactoriesOptions = {}): Promise<Factories> {
  const model = options.schema ?? (await introspect(client))
  const seed = options.seed ?? 1
  const states = new Map<string, TableState>()
  const parentKeys = new Map<string, Row[]>()

  const stateOf = (name: string): TableState => {
    const wanted = name.includes('.') ? name : `public.${name}`
    const table =
      model.tables.find((t) => `${t.schema}.${t.name}` === wanted) ??
      model.tables.find((t) => t.name === name)
    if (table === undefined) {
      throw new PgtestbedError(
        'PGT_FACTORY_FAILED',
        failure(
          `build rows for "${name}"`,
          'there is no such table in the schema',
          `Use one of: ${model.tables.map((t) => t.name).join(', ')}.`,
        ),
      )
    }
    const key = `${table.schema}.${table.name}`
    let state = states.get(key)
    if (state === undefined) {
      state = { table, label: key, plans: planColumns(model, table), offset: undefined, created: 0 }
      states.set(key, state)
    }
    return state
  }

  const rowsFor = (
    state: TableState,
    count: number,
    overrides: Overrides,
    fkValues?: (n: number) => Row,
  ): Row[] => {
    const rows: Row[] = []
    const offset = state.offset ?? 0
    for (let i = 0; i < count; i++) {
      const n = offset + state.created + i + 1
      const row: Row = {}
      const fromParents = fkValues?.(n) ?? {}
      for (const plan of state.plans) {
        if (plan.name in overrides) {
          const o = overrides[plan.name]
          row[plan.name] =
            typeof o === 'function'
              ? (o as (at: { index: number; n: number }) => unknown)({ index: i, n })
              : o
        } else if (plan.references !== undefined) {
          if (plan.name in fromParents) row[plan.name] = fromParents[plan.name]
        } else if (!plan.useDefault) {
          row[plan.name] = generateValue(plan, seed, state.label, n)
        }
      }
      rows.push(row)
    }
    return rows
  }

  async function prepare(state: TableState): Promise<void> {
    if (state.offset !== undefined) return
    const pk = state.table.primaryKey?.columns
    const intPk =
      pk?.length === 1 &&
      /^(smallint|integer|bigint)$/.test(state.plans.find((p) => p.name === pk[0])?.baseType ?? '')
    const { rows } = await client.query<{ n: string }>(
      `SELECT GREATEST(count(*), ${intPk ? `COALESCE(max(${quoteIdent(pk?.[0] ?? '')}), 0)` : '0'})::text AS n FROM ${quoteIdent(state.table.schema)}.${quoteIdent(state.table.name)}`,
    )
    state.offset = Number(rows[0]?.n ?? 0)
    const target = `${quoteIdent(state.table.schema)}.${quoteIdent(state.table.name)}`
    const seqs = await client.query<{ c: string; s: string | null }>(
      'SELECT c, pg_get_serial_sequence($1, c) AS s FROM unnest($2::text[]) AS c',
      [target, state.plans.map((p) => p.name)],
    )
    state.sequences = seqs.rows.filter((r) => r.s !== null).map((r) => [r.c, r.s as string])
  }

  async function parentsFor(
    state: TableState,
    overrides: Overrides,
    count: number,
  ): Promise<((n: number) => Row) | undefined> {
    const choosers: ((n: number, row: Row) => void)[] = []
    for (const fk of state.table.foreignKeys) {
      if (fk.columns.every((c) => c in overrides)) continue
      const nullable = fk.columns.some((c) => state.plans.find((p) => p.name === c)?.nullable === true)
      const parent = stateOf(fk.references)
      const self = parent.label === state.label
      let keys = parentKeys.get(parent.label)
      if (keys === undefined) {
        const cols = fk.referencedColumns.map(quoteIdent).join(', ')
        keys = (
          await client.query<Row>(
            `SELECT ${cols} FROM ${quoteIdent(parent.table.schema)}.${quoteIdent(parent.table.name)} ORDER BY ${cols} LIMIT 100000`,
          )
        ).rows
        parentKeys.set(parent.label, keys)
      }
      if (keys.length === 0 && !nullable) {
        if (self) {
          throw new PgtestbedError(
            'PGT_FACTORY_FAILED',
            failure(
              `create ${count} ${state.label} rows`,
              `${fk.name} references the table itself and is NOT NULL, with no row to point at`,
              `Pass ${fk.columns.join(', ')} as an override.`,
            ),
          )
        }
        await create(parent.label, 1, {})
        keys = parentKeys.get(parent.label) ?? []
        if (keys.length === 0) {
          keys = (
            await client.query<Row>(
              `SELECT ${fk.referencedColumns.map(quoteIdent).join(', ')} FROM ${quoteIdent(parent.table.schema)}.${quoteIdent(parent.table.name)}`,
            )
          ).rows
          parentKeys.set(parent.label, keys)
        }
      }
      const list = keys
      choosers.push((n, row) => {
        const pick =
          list.length === 0 ? undefined : list[hashKey(seed, state.label, n, fk.name) % list.length]
        fk.columns.forEach((c, i) => {
          if (!(c in overrides)) row[c] = pick === undefined ? null : pick[fk.referencedColumns[i] ?? c]
        })
      })
    }
    if (choosers.length === 0) return undefined
    return (n) => {
      const row: Row = {}
      for (const choose of choosers) choose(n, row)
      return row
    }
  }

  async function insert(state: TableState, rows: readonly Row[]): Promise<void> {
    const first = rows[0]
    if (first === undefined) return
    const names = Object.keys(first)
    const byName = new Map(state.plans.map((p) => [p.name, p]))
    const columns = names.map((n) => byName.get(n) ?? { name: n, isArray: false, isJson: false })
    const target = `${quoteIdent(state.table.schema)}.${quoteIdent(state.table.name)}`
    async function* chunks(): AsyncGenerator<string> {
      let buffer = ''
      for (const row of rows) {
        buffer += encodeRow(row, columns)
        if (buffer.length > 65_536) {
          yield buffer
          buffer = ''
        }
      }
      if (buffer !== '') yield buffer
    }
    try {
      const stream = client.query(copyFrom(`COPY ${target} (${names.map(quoteIdent).join(', ')}) FROM STDIN`))
      await pipeline(Readable.from(chunks()), stream)
    } catch (err) {
      const e = err as { message?: string; detail?: string; code?: string }
      throw new PgtestbedError(
        'PGT_FACTORY_FAILED',
        failure(
          `insert ${rows.length} generated ${state.label} rows`,
          `${e.message ?? messageOf(err)}${e.code ? ` (SQLSTATE ${e.code})` : ''}${e.detail ? `: ${e.detail}` : ''}`,
          'Override the column that breaks the constraint (factories understand ranges, IN lists and enums, not every CHECK).',
        ),
        { cause: err },
      )
    }
    // Serial/identity sequences move past the explicit keys, so the app's INSERTs do not collide.
    for (const [column, sequence] of state.sequences ?? []) {
      await client.query(
        `SELECT setval($1, GREATEST(COALESCE(max(${quoteIdent(column)}), 0), 1), max(${quoteIdent(column)}) IS NOT NULL) FROM ${target}`,
        [sequence],
      )
    }
  }

  function create(table: string, count = 1, overrides: Overrides = {}): Batch {
    const run = (async () => {
      const state = stateOf(table)
      await prepare(state)
      const fk = await parentsFor(state, overrides, count)
      const rows = rowsFor(state, count, overrides, fk)
      await insert(state, rows)
      state.created += count
      parentKeys.delete(state.label)
      return rows
    })()
    return {
      // biome-ignore lint/suspicious/noThenProperty: a Batch is awaited like a promise on purpose
      then: (onFulfilled, onRejected) => run.then(onFulfilled, onRejected),
      async each(fn) {
        const rows = await run
        for (let i = 0; i < rows.length; i++) await fn(rows[i] as Row, i)
        return rows
      },
    }
  }

  return Object.freeze({
    model,
    build(table: string, count = 1, overrides: Overrides = {}): Row[] {
      const state = stateOf(table)
      const rows = rowsFor(state, count, overrides)
      state.created += count
      return rows
    },
    create,
  })
}
