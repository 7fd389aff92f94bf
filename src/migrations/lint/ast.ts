/**
 * Small readers over libpg-query AST nodes, so rules read like the SQL they check.
 * @module
 */
import type { AstNode } from '../../sql/index.js'

/** The single `{ Type: fields }` entry of a node. */
export function unwrap(node: unknown): { type: string; fields: AstNode } {
  const entries = Object.entries((node ?? {}) as Record<string, unknown>)
  const [type, fields] = entries[0] ?? ['', {}]
  return { type, fields: (fields ?? {}) as AstNode }
}

/** A field as a list of nodes (absent → empty). */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** `relname` of a RangeVar field, lower-case. */
export function relationName(value: unknown): string {
  return String((value as { relname?: string } | undefined)?.relname ?? '').toLowerCase()
}

/** The last name of a TypeName (`int4`, `timestamp`, `varchar`, `serial`, …). */
export function typeNameOf(typeName: unknown): string {
  const names = list((typeName as { names?: unknown[] } | undefined)?.names)
  const last = names.at(-1) as { String?: { sval?: string } } | undefined
  return String(last?.String?.sval ?? '').toLowerCase()
}

/** True when a TypeName carries modifiers, e.g. `varchar(20)`. */
export function hasTypmods(typeName: unknown): boolean {
  return list((typeName as { typmods?: unknown[] } | undefined)?.typmods).length > 0
}

/** The Constraint nodes of a ColumnDef. */
export function columnConstraints(columnDef: AstNode): AstNode[] {
  return list(columnDef['constraints']).map((c) => unwrap(c).fields)
}

/** The AlterTableCmd nodes of an AlterTableStmt on a table. */
export function alterCommands(node: AstNode): AstNode[] {
  return list(node['cmds']).map((c) => unwrap(c).fields)
}

/** Column definitions a statement adds or creates: `CREATE TABLE` columns and `ADD COLUMN`s. */
export function columnDefinitions(type: string, node: AstNode): AstNode[] {
  if (type === 'CreateStmt') {
    return list(node['tableElts'])
      .map(unwrap)
      .filter((e) => e.type === 'ColumnDef')
      .map((e) => e.fields)
  }
  if (type === 'AlterTableStmt') {
    return alterCommands(node)
      .filter((cmd) => cmd['subtype'] === 'AT_AddColumn' || cmd['subtype'] === 'AT_AlterColumnType')
      .map((cmd) => unwrap(cmd['def']).fields)
  }
  return []
}

/** True when the ALTER TABLE targets a table created earlier in the migration. */
export function isNewTable(node: AstNode, created: ReadonlySet<string>): boolean {
  return created.has(relationName(node['relation']))
}

/** Function name of a FuncCall node (last part, lower-case), or undefined. */
export function functionName(expr: unknown): string | undefined {
  const { type, fields } = unwrap(expr)
  if (type !== 'FuncCall') return undefined
  const last = list(fields['funcname']).at(-1) as { String?: { sval?: string } } | undefined
  return last?.String?.sval?.toLowerCase()
}
