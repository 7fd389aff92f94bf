/**
 * How each column of a table gets its value: read once from the schema model — types, NOT NULL,
 * defaults, identity, foreign keys, unique/primary keys, enums and simple CHECKs (ranges and IN
 * lists, as PostgreSQL prints them).
 * @module
 */
import type { Column, SchemaModel, Table } from '../schema/index.js'

/** What a column's generated value must satisfy. */
export interface ColumnPlan {
  readonly name: string
  readonly type: string
  /** Element type for arrays, the type itself otherwise. */
  readonly baseType: string
  readonly isArray: boolean
  readonly isJson: boolean
  readonly nullable: boolean
  /** Leave it to the column default (or generation) unless overridden. */
  readonly useDefault: boolean
  /** Part of a primary key or unique constraint: values derive from the row number. */
  readonly unique: boolean
  /** Enum labels, or an IN list from a CHECK. */
  readonly choices: readonly string[] | undefined
  /** Bounds from CHECKs (inclusive). */
  readonly min: number | undefined
  readonly max: number | undefined
  /** varchar(n) / char(n) length. */
  readonly maxLength: number | undefined
  /** Foreign key this column belongs to, with the referenced column. */
  readonly references:
    | { readonly table: string; readonly column: string; readonly constraint: string }
    | undefined
}

const unquote = (s: string) => s.replace(/^"|"$/g, '')

function checkBounds(table: Table, column: string): { min?: number; max?: number; choices?: string[] } {
  const out: { min?: number; max?: number; choices?: string[] } = {}
  for (const check of table.checks) {
    const expr = check.expression
    const cmp = /\(?"?(\w+)"?\s*(>=|<=|>|<|=)\s*\(?'?(-?\d+(?:\.\d+)?)'?(?:::[\w ]+)?\)?/g
    for (let m = cmp.exec(expr); m !== null; m = cmp.exec(expr)) {
      if (m[1] !== column) continue
      const n = Number(m[3])
      const op = m[2]
      const step = Number.isInteger(n) ? 1 : 0.01
      if (op === '>') out.min = Math.max(out.min ?? -Infinity, n + step)
      else if (op === '>=') out.min = Math.max(out.min ?? -Infinity, n)
      else if (op === '<') out.max = Math.min(out.max ?? Infinity, n - step)
      else if (op === '<=') out.max = Math.min(out.max ?? Infinity, n)
    }
    const any = new RegExp(`\\(?"?${column}"?\\)?(?:::\\w+)?\\s*=\\s*ANY\\s*\\(\\(?ARRAY\\[(.*?)\\]`).exec(
      expr,
    )
    if (any?.[1] !== undefined) {
      out.choices = [...any[1].matchAll(/'((?:[^']|'')*)'/g)].map((x) => (x[1] ?? '').replace(/''/g, "'"))
    }
  }
  return out
}

function findEnum(model: SchemaModel, type: string): readonly string[] | undefined {
  const name = unquote(type.split('.').at(-1) ?? type)
  for (const t of model.types)
    if (t.kind === 'enum' && (t.name === name || `${t.schema}.${t.name}` === type)) return t.labels
  return undefined
}

function domainBase(model: SchemaModel, type: string): string | undefined {
  const name = unquote(type.split('.').at(-1) ?? type)
  for (const t of model.types) if (t.kind === 'domain' && t.name === name) return t.baseType
  return undefined
}

/**
 * The plan of every column of `table`.
 *
 * @example
 * planColumns(model, model.tables.find((t) => t.name === 'users')!)
 */
export function planColumns(model: SchemaModel, table: Table): ColumnPlan[] {
  const uniqueColumns = new Set<string>([
    ...(table.primaryKey?.columns ?? []),
    ...table.uniques.flatMap((u) => u.columns),
    ...table.indexes
      .filter((i) => i.unique)
      .flatMap((i) => i.elements.filter((e) => !e.isExpression).map((e) => e.expression)),
  ])
  return table.columns.map((c: Column) => {
    const fk = table.foreignKeys.find((f) => f.columns.includes(c.name))
    const isArray = c.type.endsWith('[]')
    const rawBase = isArray ? c.type.slice(0, -2) : c.type
    const baseType = domainBase(model, rawBase) ?? rawBase
    const bounds = checkBounds(table, c.name)
    const length = /\((\d+)\)$/.exec(baseType)?.[1]
    const isPk = table.primaryKey?.columns.includes(c.name) === true
    const serialDefault = c.default !== null && /nextval\(/.test(c.default)
    return {
      name: c.name,
      type: c.type,
      baseType,
      isArray,
      isJson: baseType === 'json' || baseType === 'jsonb',
      nullable: c.nullable,
      // Keys get explicit values (so rows can be returned and referenced); other defaults stay.
      useDefault:
        c.generated !== null ||
        (!isPk && fk === undefined && (c.default !== null || c.identity !== null) && !serialDefault),
      unique: uniqueColumns.has(c.name) && fk === undefined,
      choices: findEnum(model, baseType) ?? bounds.choices,
      min: bounds.min,
      max: bounds.max,
      maxLength:
        /^(character varying|varchar|character|char)/.test(baseType) && length !== undefined
          ? Number(length)
          : undefined,
      references:
        fk === undefined
          ? undefined
          : {
              table: fk.references,
              column: fk.referencedColumns[fk.columns.indexOf(c.name)] ?? c.name,
              constraint: fk.name,
            },
    }
  })
}
