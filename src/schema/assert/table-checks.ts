/**
 * Checks on a table's columns and constraints: columns, primary key, unique, foreign keys
 * (with actions — what pgTAP cannot check), check constraints (with bodies), exclusions.
 * @module
 */
import type { Deferrable, ForeignKeyAction } from '../model.js'
import { haveWant, list, missingExtra } from './format.js'
import { sameType } from './identifiers.js'
import { sameExpression } from './normalize-text.js'
import { type Check, qualify, sameList, tableCheck } from './resolve.js'

/** What a column should look like; only the given fields are checked. */
export interface ColumnSpec {
  readonly name: string
  /** Alias-normalized: `varchar(64)` matches `character varying(64)`. */
  readonly type?: string
  readonly nullable?: boolean
  /** Default expression, e.g. `now()`; null for "no default". */
  readonly default?: string | null
  /**
   * Any default at all (pgTAP `col_has_default`): true even for `DEFAULT NULL`, which PostgreSQL
   * stores; false for no default (`col_hasnt_default`).
   */
  readonly hasDefault?: boolean
  readonly identity?: 'always' | 'by-default' | null
  readonly generated?: string | null
  readonly comment?: string | null
}

export function columnsCheck(
  table: string,
  columns: readonly (string | ColumnSpec)[],
  exact: boolean,
  what: string = exact ? 'columns are' : 'has columns',
): Check {
  const specs = columns.map((c) => (typeof c === 'string' ? { name: c } : c))
  return tableCheck(table, what, (t) => {
    const have = t.columns.map((c) => c.name)
    const details = missingExtra(
      have,
      specs.map((s) => s.name),
      exact,
    )
    for (const spec of specs) {
      const column = t.columns.find((c) => c.name === spec.name)
      if (column !== undefined) details.push(...columnDetails(spec, column))
    }
    return details
  })
}

function columnDetails(spec: ColumnSpec, column: import('../model.js').Column): string[] {
  const out: string[] = []
  const differs = (field: string, have: unknown, want: unknown) =>
    out.push(`${spec.name}.${field}`, ...haveWant(have, want).map((l) => `  ${l}`))
  if (spec.type !== undefined && !sameType(column.type, spec.type)) differs('type', column.type, spec.type)
  if (spec.nullable !== undefined && spec.nullable !== column.nullable) {
    differs('nullable', column.nullable ? 'NULL' : 'NOT NULL', spec.nullable ? 'NULL' : 'NOT NULL')
  }
  if (spec.default !== undefined && !sameExpression(nullDefault(column.default), nullDefault(spec.default)))
    differs('default', column.default, spec.default)
  if (spec.hasDefault !== undefined && spec.hasDefault !== (column.default !== null)) {
    differs('default', column.default ?? 'no default', spec.hasDefault ? 'a default' : 'no default')
  }
  if (spec.identity !== undefined && spec.identity !== column.identity)
    differs('identity', column.identity, spec.identity)
  if (spec.generated !== undefined && !sameExpression(column.generated, spec.generated)) {
    differs('generated', column.generated, spec.generated)
  }
  if (spec.comment !== undefined && spec.comment !== column.comment)
    differs('comment', column.comment, spec.comment)
  return out
}

/**
 * `DEFAULT NULL` is stored as `NULL::numeric`: the same as no default (pgTAP's
 * `col_default_is(…, NULL)` passes on it), so both read as null.
 */
export function nullDefault(expression: string | null): string | null {
  return expression === null || /^\(?NULL\)?(::[\w\s."[\](),]+)?$/i.test(expression.trim())
    ? null
    : expression
}

/** A primary key on exactly these columns, in order; without columns, any primary key (`has_pk`). */
export function primaryKeyCheck(table: string, columns?: readonly string[]): Check {
  return tableCheck(table, columns === undefined ? 'has a primary key' : 'primary key', (t) => {
    const have = t.primaryKey?.columns
    if (have !== undefined && (columns === undefined || sameList(have, columns))) return null
    return haveWant(
      have === undefined ? 'no primary key' : list(have),
      columns === undefined ? 'a primary key' : list(columns),
    )
  })
}

export function noPrimaryKeyCheck(table: string): Check {
  return tableCheck(table, 'no primary key', (t) =>
    t.primaryKey === null ? null : haveWant(list(t.primaryKey.columns), 'no primary key'),
  )
}

/**
 * A unique constraint (or full unique index) on exactly these columns; without columns, any
 * (`has_unique`).
 */
export function uniqueCheck(
  table: string,
  columns?: readonly string[],
  options: { nullsNotDistinct?: boolean } = {},
): Check {
  return tableCheck(
    table,
    columns === undefined ? 'has a unique constraint' : `unique ${list(columns)}`,
    (t) => {
      // a unique constraint, or a full unique index on plain columns: both enforce the rule
      const constraints = t.uniques.map((u) => ({ columns: u.columns, nullsNotDistinct: u.nullsNotDistinct }))
      const indexes = t.indexes
        .filter(
          (i) => i.unique && !i.primary && i.predicate === null && i.elements.every((e) => !e.isExpression),
        )
        .map((i) => ({ columns: i.elements.map((e) => e.expression), nullsNotDistinct: i.nullsNotDistinct }))
      const all = [...constraints, ...indexes]
      const found = all.find((u) => columns === undefined || sameList(u.columns, columns))
      if (found === undefined) {
        const have = [...new Set(all.map((u) => list(u.columns)))]
        return haveWant(
          have.length === 0 ? 'no unique constraints' : have.join(', '),
          columns === undefined ? 'a unique constraint' : list(columns),
        )
      }
      if (options.nullsNotDistinct !== undefined && options.nullsNotDistinct !== found.nullsNotDistinct) {
        return ['nullsNotDistinct', ...haveWant(found.nullsNotDistinct, options.nullsNotDistinct)]
      }
      return null
    },
  )
}

/**
 * What a foreign key should look like; `columns` finds it, the rest is compared. Without
 * `references` any target will do (`col_is_fk`); an empty spec is any foreign key (`has_fk`).
 */
export interface ForeignKeySpec {
  readonly columns?: readonly string[]
  /** Referenced table: `tb_query` (same schema) or `app.tb_query`. */
  readonly references?: string
  readonly referencedColumns?: readonly string[]
  readonly onDelete?: ForeignKeyAction
  readonly onUpdate?: ForeignKeyAction
  readonly deferrable?: Deferrable
  readonly validated?: boolean
  readonly name?: string
}

export function foreignKeyCheck(table: string, spec: ForeignKeySpec = {}): Check {
  const cols = spec.columns === undefined ? '' : list(spec.columns)
  const what =
    spec.columns === undefined && spec.references === undefined
      ? 'has a foreign key'
      : `foreign key ${cols}${spec.references === undefined ? '' : ` → ${spec.references}`}`.replace(
          '  ',
          ' ',
        )
  return tableCheck(table, what, (t) => {
    const target = spec.references === undefined ? undefined : qualify(spec.references, t)
    const fk =
      spec.columns === undefined
        ? (t.foreignKeys.find((f) => target === undefined || f.references === target) ?? t.foreignKeys[0])
        : t.foreignKeys.find((f) => sameList(f.columns, spec.columns ?? []))
    if (fk === undefined) {
      const have = t.foreignKeys.map(
        (f) => `${list(f.columns)} → ${f.references}${list(f.referencedColumns)}`,
      )
      const want = `${spec.columns === undefined ? 'a foreign key' : cols} → ${target ?? 'any table'}`
      return haveWant(have.length === 0 ? 'no foreign keys' : have.join(', '), want)
    }
    const out: string[] = []
    const compare = (field: string, have: unknown, want: unknown) => {
      if (want !== undefined && JSON.stringify(have) !== JSON.stringify(want))
        out.push(field, ...haveWant(have, want).map((l) => `  ${l}`))
    }
    compare('references', fk.references, target)
    compare('referencedColumns', fk.referencedColumns, spec.referencedColumns)
    compare('onDelete', fk.onDelete, spec.onDelete)
    compare('onUpdate', fk.onUpdate, spec.onUpdate)
    compare('deferrable', fk.deferrable, spec.deferrable)
    compare('validated', fk.validated, spec.validated)
    compare('name', fk.name, spec.name)
    return out
  })
}

/** A check constraint, found by name or by expression (normalized), optionally on given columns. */
export interface CheckSpec {
  readonly name?: string
  readonly expression?: string
  readonly columns?: readonly string[]
  readonly validated?: boolean
}

/** A check constraint; an empty spec is any check (`has_check`), `{ columns }` is `col_has_check`. */
export function checkConstraintCheck(table: string, spec: CheckSpec = {}): Check {
  const label = spec.name ?? spec.expression ?? (spec.columns === undefined ? undefined : list(spec.columns))
  return tableCheck(table, label === undefined ? 'has a check constraint' : `check ${label}`, (t) => {
    const candidates = t.checks.filter(
      (c) =>
        (spec.name === undefined || c.name === spec.name) &&
        (spec.columns === undefined || sameList([...c.columns].sort(), [...spec.columns].sort())),
    )
    const found =
      spec.expression === undefined
        ? candidates[0]
        : candidates.find((c) => sameExpression(c.expression, spec.expression ?? ''))
    if (found === undefined) {
      const have = (candidates.length > 0 ? candidates : t.checks).map((c) => `${c.name}: ${c.expression}`)
      return haveWant(
        have.length === 0 ? 'no check constraints' : have.join('; '),
        spec.expression ?? label ?? 'a check constraint',
      )
    }
    if (spec.validated !== undefined && spec.validated !== found.validated) {
      return ['validated', ...haveWant(found.validated, spec.validated)]
    }
    return null
  })
}

export function exclusionCheck(table: string, spec: { name?: string; definition?: string }): Check {
  return tableCheck(table, `exclusion ${spec.name ?? spec.definition ?? ''}`.trim(), (t) => {
    const found = t.exclusions.find(
      (x) =>
        (spec.name === undefined || x.name === spec.name) &&
        (spec.definition === undefined || sameExpression(x.definition, spec.definition)),
    )
    if (found !== undefined) return null
    const have = t.exclusions.map((x) => `${x.name}: ${x.definition}`)
    return haveWant(
      have.length === 0 ? 'no exclusion constraints' : have.join('; '),
      spec.definition ?? spec.name,
    )
  })
}
