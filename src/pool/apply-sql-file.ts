/**
 * Applies a `.sql` file and, when it fails, says where: the server reports a character
 * position in the statement text, which we turn into the file's line and column.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { messageOf, TemplateBuildError } from '../errors.js'
import type { Queryable } from '../internal/queryable.js'

/** Runs the whole file as one simple query (so it may hold many statements). */
export async function applySqlFile(db: Queryable, file: string, rootDir: string): Promise<void> {
  const sql = await readFile(file, 'utf8')
  try {
    await db.query(sql)
  } catch (err) {
    const shown = relative(rootDir, file) || file
    const position = Number((err as { position?: string }).position)
    const where = Number.isFinite(position) && position > 0 ? lineAndColumn(sql, position) : undefined
    const sqlstate = (err as { code?: string }).code
    throw new TemplateBuildError(
      `Failed to build the template: ${shown}${where ? `:${where.line}:${where.column}` : ''}: ${messageOf(err)}` +
        `${sqlstate ? ` (SQLSTATE ${sqlstate})` : ''}. Fix the migration; the template is rebuilt on the next run.`,
      { file, ...(where ? { line: where.line } : {}), cause: err },
    )
  }
}

/** 1-based line and column of a 1-based character position. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position - 1)
  const lines = before.split('\n')
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 }
}
