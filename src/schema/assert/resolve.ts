/**
 * Finding the object an expectation is about, as PostgreSQL resolves names: `app.users` is exact;
 * `users` is the first `users` along the search_path recorded at introspection (`public` for a
 * model read from a snapshot). An object that exists only off the path "does not exist", and the
 * failure says where it was found. Names are identifiers: `"MyTable"` is exact, an unquoted name
 * matches as written or folded to lower case.
 * @module
 */
import type { SchemaModel, Table } from '../model.js'
import type { Problem } from './format.js'
import { sameIdentifier, splitQualified } from './identifiers.js'

/** A check over a model: null when it holds, a problem otherwise. */
export interface Check {
  readonly title: string
  run(model: SchemaModel): Problem | null
  /** Where the object is (`public.users`), for messages of a negated check. */
  locate?(model: SchemaModel): string
}

/** The schemas unqualified names resolve in, in order. */
export function searchPathOf(model: SchemaModel): readonly string[] {
  return model.searchPath ?? ['public']
}

interface Named {
  readonly schema: string
  readonly name: string
}

/**
 * Resolves `name` (or `schema.name`) among `items` like PostgreSQL: the object, or a problem
 * titled `<what> <name>` saying it does not exist (and where it exists off the search_path).
 */
export function resolveNamed<T extends Named>(
  model: SchemaModel,
  items: readonly T[],
  name: string,
  what: string,
): T | Problem {
  const parts = splitQualified(name)
  const object = parts.at(-1) ?? name
  const schema = parts.length > 1 ? parts.at(-2) : undefined
  const sameName = items.filter((i) => sameIdentifier(i.name, object))
  const path = searchPathOf(model)
  if (schema !== undefined) {
    const found = sameName.find((i) => sameIdentifier(i.schema, schema))
    if (found !== undefined) return found
  } else {
    for (const s of path) {
      const found = sameName.find((i) => i.schema === s)
      if (found !== undefined) return found
    }
  }
  const elsewhere = sameName.map((i) => `${i.schema}.${i.name}`)
  const details = [`Missing: the ${what} does not exist`]
  if (schema === undefined && elsewhere.length > 0) {
    details[0] = `Missing: the ${what} does not exist on the search_path (${path.join(', ')})`
    details.push(
      `found in: ${elsewhere.join(', ')} — qualify the name (${elsewhere[0]}) or put its schema on the search_path`,
    )
  } else if (elsewhere.length > 0) {
    details.push(`found in: ${elsewhere.join(', ')}`)
  } else {
    const similar = items
      .filter((i) => i.name.includes(object.toLowerCase()))
      .map((i) => `${i.schema}.${i.name}`)
    if (similar.length > 0) details.push(`similar: ${similar.join(', ')}`)
  }
  return { title: `${what} ${name}`, details }
}

/** Finds a table, or explains why it cannot be found. */
export function findTable(model: SchemaModel, name: string): Table | Problem {
  return resolveNamed(model, model.tables, name, 'table')
}

/** The objects of `items` visible by unqualified name (first along the search_path wins). */
export function visible<T extends Named>(model: SchemaModel, items: readonly T[]): T[] {
  const path = searchPathOf(model)
  const seen = new Set<string>()
  const out: T[] = []
  for (const s of path) {
    for (const item of items) {
      if (item.schema !== s || seen.has(item.name)) continue
      seen.add(item.name)
      out.push(item)
    }
  }
  return out
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'details' in value && 'title' in value
}

/** A table-scoped check: resolves the table, then runs `body`; `body` returns detail lines or none. */
export function tableCheck(
  tableName: string,
  what: string,
  body: (table: Table, model: SchemaModel) => readonly string[] | null,
): Check {
  return {
    title: `${tableName}: ${what}`,
    locate(model) {
      const table = findTable(model, tableName)
      return isProblem(table) ? tableName : `${table.schema}.${table.name}`
    },
    run(model) {
      const table = findTable(model, tableName)
      if (isProblem(table)) return table
      const details = body(table, model)
      return details === null || details.length === 0
        ? null
        : { title: `${table.schema}.${table.name}: ${what}`, details }
    },
  }
}

/** `tb_query` → `public.tb_query` relative to the schema of `from`. */
export function qualify(name: string, from: Table): string {
  return name.includes('.') ? name : `${from.schema}.${name}`
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i])
}
