/**
 * The real PostgreSQL parser (libpg-query, WASM): statements with their line numbers, and parse
 * errors that name the line.
 * @module
 */

/** A raw libpg-query AST node: `{ NodeType: { …fields } }`. */
export type AstNode = Record<string, unknown>

/** One statement of a script: its text, AST and where it starts. */
export interface ParsedStatement {
  /** The statement's text, without the trailing semicolon. */
  readonly text: string
  /** Character offset of the statement in the script. */
  readonly offset: number
  /** 1-based line of the statement's first character within the script. */
  readonly line: number
  /** The statement node, e.g. `{ CreateStmt: {…} }`. */
  readonly ast: AstNode
}

/** A parse failure with the 1-based line and column within the script. */
export interface ParseFailure {
  readonly message: string
  readonly line: number
  readonly column: number
}

import { lineAt } from './pg-error.js'

let loaded: Promise<void> | undefined
// Imported on first use: the WASM parser costs ~150 ms to load, which commands that never parse
// SQL (and templates whose migrations are already built) should not pay.
let parseSync: ((sql: string) => unknown) | undefined
let scanSync: ((sql: string) => unknown) | undefined

/**
 * Loads the parser's WASM module once; every other function here needs it loaded.
 *
 * @example
 * await loadParser()
 */
export function loadParser(): Promise<void> {
  loaded ??= import('libpg-query').then(async (parser) => {
    await parser.loadModule()
    parseSync = parser.parseSync
    scanSync = parser.scanSync
  })
  return loaded
}

/**
 * Parses a script into statements, or returns where parsing failed. Call `loadParser()` first.
 *
 * @example
 * await loadParser()
 * const result = parseStatements('create table t (id int);\ncreate index on t (id);')
 * if (result.kind === 'ok') console.log(result.statements[1]?.line) // 2
 */
export function parseStatements(
  sql: string,
): { kind: 'ok'; statements: ParsedStatement[] } | { kind: 'error'; error: ParseFailure } {
  let tree: { stmts?: { stmt: AstNode; stmt_location?: number; stmt_len?: number }[] }
  try {
    if (parseSync === undefined) throw new Error('The SQL parser is not loaded: call loadParser() first.')
    tree = parseSync(sql) as typeof tree
  } catch (err) {
    const details = (err as { sqlDetails?: { cursorPosition?: number } }).sqlDetails
    const byteOffset = details?.cursorPosition ?? 0
    const where = lineAt(sql, charOffset(sql, byteOffset))
    return { kind: 'error', error: { message: (err as Error).message, ...where } }
  }
  const bytes = Buffer.from(sql, 'utf8')
  const statements: ParsedStatement[] = []
  for (const raw of tree.stmts ?? []) {
    const startByte = raw.stmt_location ?? 0
    const endByte = raw.stmt_len === undefined || raw.stmt_len === 0 ? bytes.length : startByte + raw.stmt_len
    const chunk = bytes.subarray(startByte, endByte).toString('utf8')
    // stmt_location includes leading whitespace and comments: start at the first real token.
    const lead = leadingTrivia(chunk)
    const offset = charOffset(sql, startByte) + lead
    statements.push({
      text: chunk.slice(lead).trimEnd(),
      offset,
      line: lineAt(sql, offset).line,
      ast: raw.stmt,
    })
  }
  return { kind: 'ok', statements }
}

/** Length of the whitespace and comments that open `text`. */
function leadingTrivia(text: string): number {
  let i = 0
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++
    if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i)
      i = end === -1 ? text.length : end + 1
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i)
      i = end === -1 ? text.length : end + 2
    } else return i
  }
}

/** Character offset of UTF-8 byte offset `byteOffset` in `text`. */
function charOffset(text: string, byteOffset: number): number {
  return Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8').length
}

/**
 * The scanner's tokens of `sql` (call `loadParser()` first).
 *
 * @example
 * await loadParser()
 * scanTokens('select "A" from b') // [{ text: 'select', tokenName: 'SELECT' }, …]
 */
export function scanTokens(sql: string): { text: string; tokenName: string }[] {
  if (scanSync === undefined) throw new Error('The SQL parser is not loaded: call loadParser() first.')
  return (scanSync(sql) as { tokens: { text: string; tokenName: string }[] }).tokens
}
