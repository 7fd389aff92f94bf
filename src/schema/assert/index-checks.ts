/**
 * Index checks: one index by name or columns with method, uniqueness, partial predicate and
 * INCLUDE; the exact set of a table's indexes; "is indexed"; every foreign key indexed.
 * @module
 */
import type { Index } from '../model.js'
import { haveWant, list, missingExtra } from './format.js'
import { normalizeExpression, sameExpression } from './normalize-text.js'
import { type Check, sameList, tableCheck } from './resolve.js'

/** What an index should look like; `name` or `columns` finds it, the rest is compared. */
export interface IndexSpec {
  readonly name?: string
  /** Key columns or expressions in order, e.g. `['lower(email)']`. */
  readonly columns?: readonly string[]
  /** `btree`, `gin`, `gist`, `brin`, `hash`, `spgist`, … */
  readonly method?: string
  readonly unique?: boolean
  /** Partial index predicate (normalized), or null for "not partial". */
  readonly predicate?: string | null
  readonly include?: readonly string[]
  /** The index behind the primary key (pgTAP `index_is_primary`). */
  readonly primary?: boolean
  /** The index the table was `CLUSTER`ed on (pgTAP `is_clustered`). */
  readonly clustered?: boolean
}

const keyOf = (index: Index) => index.elements.map((e) => e.expression)
const sameKeys = (index: Index, columns: readonly string[]) =>
  sameList(keyOf(index).map(normalizeExpression), columns.map(normalizeExpression))

function describe(index: Index): string {
  const partial = index.predicate === null ? '' : ` WHERE ${index.predicate}`
  return `${index.name} ${index.unique ? 'UNIQUE ' : ''}${index.method} ${list(keyOf(index))}${partial}`
}

export function indexCheck(table: string, spec: IndexSpec): Check {
  const label = spec.name ?? list(spec.columns ?? [])
  return tableCheck(table, `index ${label}`, (t) => {
    const found = t.indexes.find(
      (i) =>
        (spec.name === undefined || i.name === spec.name) &&
        (spec.columns === undefined || spec.name !== undefined || sameKeys(i, spec.columns)),
    )
    if (found === undefined) {
      const have = t.indexes.map(describe)
      return haveWant(have.length === 0 ? 'no indexes' : have.join('; '), label)
    }
    const out: string[] = []
    const differs = (field: string, have: unknown, want: unknown) =>
      out.push(field, ...haveWant(have, want).map((l) => `  ${l}`))
    if (spec.columns !== undefined && !sameKeys(found, spec.columns))
      differs('columns', list(keyOf(found)), list(spec.columns))
    if (spec.method !== undefined && spec.method !== found.method)
      differs('method', found.method, spec.method)
    if (spec.unique !== undefined && spec.unique !== found.unique)
      differs('unique', found.unique, spec.unique)
    if (spec.predicate !== undefined && !sameExpression(found.predicate, spec.predicate)) {
      differs('predicate', found.predicate, spec.predicate)
    }
    if (spec.include !== undefined && !sameList(found.include, spec.include)) {
      differs('include', list(found.include), list(spec.include))
    }
    if (spec.primary !== undefined && spec.primary !== found.primary)
      differs('primary', found.primary, spec.primary)
    if (spec.clustered !== undefined && spec.clustered !== (found.clustered === true)) {
      const on = t.indexes.find((i) => i.clustered === true)?.name
      differs('clustered', on === undefined ? 'not clustered' : `clustered on ${on}`, spec.clustered)
    }
    return out
  })
}

export function indexesAreCheck(table: string, names: readonly string[]): Check {
  return tableCheck(table, 'indexes are', (t) =>
    missingExtra(
      t.indexes.map((i) => i.name),
      names,
      true,
    ),
  )
}

/**
 * An index on exactly these key columns/expressions, in this order (pgTAP `is_indexed`); with
 * `prefix`, some valid index starts with them (what a lookup on the leading columns can use).
 */
export function indexedCheck(
  table: string,
  columns: readonly string[],
  mode: 'exact' | 'prefix' = 'exact',
): Check {
  const what = mode === 'exact' ? `indexed on ${list(columns)}` : `indexed on a prefix ${list(columns)}`
  return tableCheck(table, what, (t) => {
    const want = columns.map(normalizeExpression)
    const hit = t.indexes.some((i) => {
      const keys = keyOf(i).map(normalizeExpression)
      return mode === 'exact' ? sameList(keys, want) : i.valid && sameList(keys.slice(0, want.length), want)
    })
    return hit
      ? null
      : haveWant(
          t.indexes.map(describe).join('; ') || 'no indexes',
          mode === 'exact' ? `an index on ${list(columns)}` : `an index starting with ${list(columns)}`,
        )
  })
}

/** Every foreign key's columns lead some index (deletes on the parent need it). */
export function foreignKeysIndexedCheck(table: string): Check {
  return tableCheck(table, 'foreign keys indexed', (t) => {
    const missing = t.foreignKeys.filter(
      (fk) => !t.indexes.some((i) => i.valid && sameList(keyOf(i).slice(0, fk.columns.length), fk.columns)),
    )
    return missing.length === 0
      ? null
      : ['Missing an index for:', ...missing.map((fk) => `    ${fk.name} ${list(fk.columns)}`)]
  })
}
