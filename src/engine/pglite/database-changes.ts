/**
 * Which statements of an admin connection change the set of databases. The router reads them
 * with the real parser and, when the server answers with their command tag, makes each
 * database's PGlite instance follow (clone, stop, re-key).
 * @module
 */
import { type AstNode, parseStatements } from '../../sql/index.js'

/** One database statement, in the order the server will answer them. */
export type DatabaseChange =
  | { readonly kind: 'create'; readonly name: string; readonly template: string | undefined }
  | { readonly kind: 'drop'; readonly name: string }
  | { readonly kind: 'rename'; readonly from: string; readonly to: string }
  /** Any other `ALTER DATABASE` (same command tag, nothing to do). */
  | { readonly kind: 'alter' }

/** The command tags those statements complete with. */
export const DATABASE_TAGS = ['CREATE DATABASE', 'DROP DATABASE', 'ALTER DATABASE'] as const

const ALTERS = new Set(['AlterDatabaseStmt', 'AlterDatabaseSetStmt', 'AlterDatabaseRefreshCollStmt'])

/**
 * The database statements of `sql` (one query string, maybe several statements). Needs
 * `loadParser()` done; text that does not parse changes nothing (the server refuses it too).
 *
 * @example
 * databaseChanges('CREATE DATABASE a TEMPLATE t') // [{ kind: 'create', name: 'a', template: 't' }]
 */
export function databaseChanges(sql: string): DatabaseChange[] {
  // Cheap filter: almost every statement on the wire is not about databases.
  if (!/database/i.test(sql)) return []
  const parsed = parseStatements(sql)
  if (parsed.kind === 'error') return []
  const changes: DatabaseChange[] = []
  for (const { ast } of parsed.statements) {
    const change = changeOf(ast)
    if (change !== undefined) changes.push(change)
  }
  return changes
}

function changeOf(ast: AstNode): DatabaseChange | undefined {
  const [type, node] = Object.entries(ast)[0] ?? []
  const fields = (node ?? {}) as Record<string, unknown>
  if (type === 'CreatedbStmt') {
    return {
      kind: 'create',
      name: String(fields['dbname']),
      template: optionText(fields['options'], 'template'),
    }
  }
  if (type === 'DropdbStmt') return { kind: 'drop', name: String(fields['dbname']) }
  if (type === 'RenameStmt' && fields['renameType'] === 'OBJECT_DATABASE') {
    return { kind: 'rename', from: String(fields['subname']), to: String(fields['newname']) }
  }
  if (type === 'AlterOwnerStmt' && fields['objectType'] === 'OBJECT_DATABASE') return { kind: 'alter' }
  if (type !== undefined && ALTERS.has(type)) return { kind: 'alter' }
  return undefined
}

function optionText(options: unknown, name: string): string | undefined {
  if (!Array.isArray(options)) return undefined
  for (const option of options as {
    DefElem?: { defname?: string; arg?: { String?: { sval?: string } } }
  }[]) {
    if (option.DefElem?.defname === name) return option.DefElem.arg?.String?.sval
  }
  return undefined
}
