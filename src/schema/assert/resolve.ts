/**
 * Finding the object an expectation is about: `users` means `public.users` first, otherwise the
 * one table of that name in any schema; `app.users` is exact.
 * @module
 */
import type { SchemaModel, Table } from '../model.js'
import type { Problem } from './format.js'

/** A check over a model: null when it holds, a problem otherwise. */
export interface Check {
  readonly title: string
  run(model: SchemaModel): Problem | null
}

/** Finds a table, or explains why it cannot be found. */
export function findTable(model: SchemaModel, name: string): Table | Problem {
  const matches = name.includes('.')
    ? model.tables.filter((t) => `${t.schema}.${t.name}` === name)
    : model.tables.filter((t) => t.name === name)
  const chosen = matches.length > 1 ? matches.filter((t) => t.schema === 'public') : matches
  if (chosen.length === 1 && chosen[0] !== undefined) return chosen[0]
  if (matches.length > 1) {
    return {
      title: `table ${name}`,
      details: [
        `ambiguous: ${matches.map((t) => `${t.schema}.${t.name}`).join(', ')}; qualify it with its schema`,
      ],
    }
  }
  const similar = model.tables
    .filter((t) => t.name.includes(name.split('.').at(-1) ?? name))
    .map((t) => `${t.schema}.${t.name}`)
  return {
    title: `table ${name}`,
    details: [
      'Missing: the table does not exist',
      ...(similar.length > 0 ? [`similar: ${similar.join(', ')}`] : []),
    ],
  }
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
