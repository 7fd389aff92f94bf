/**
 * Parses a JSON or YAML file keeping positions, so a problem at a field path can be reported as
 * file:line:column.
 * @module
 */
import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml'
import type { FieldPath } from './validation.js'

/** A parsed file: its value and a way to locate a field path. */
export interface ParsedSource {
  readonly value: unknown
  /** Line and column (1-based) of the field at `path`, or of its nearest existing parent. */
  locate(path: FieldPath): { line: number; column: number }
}

/** A syntax error with its position. */
export interface SyntaxProblem {
  readonly line: number
  readonly column: number
  readonly message: string
}

/**
 * Parses `text` as JSON (for `.json` files) or YAML; returns the syntax problems instead when it cannot.
 *
 * @example
 * const parsed = parseSource('a: 1\n', 'yaml') // { value: { a: 1 }, locate }
 */
export function parseSource(
  text: string,
  format: 'json' | 'yaml',
): ParsedSource | { readonly errors: SyntaxProblem[] } {
  const lineCounter = new LineCounter()
  if (format === 'json') {
    try {
      JSON.parse(text)
    } catch (err) {
      return { errors: [jsonSyntaxProblem(text, err as Error)] }
    }
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0])
        return { line: pos.line, column: pos.col, message: e.message.split('\n')[0] as string }
      }),
    }
  }
  return { value: doc.toJS({ maxAliasCount: 1000 }), locate: (path) => locate(doc, lineCounter, path) }
}

function locate(doc: Document, lineCounter: LineCounter, path: FieldPath): { line: number; column: number } {
  // A field path ending in a map key points at the key itself (where a typo is).
  const last = path.at(-1)
  const parent = path.length === 0 ? undefined : doc.getIn(path.slice(0, -1), true)
  if (typeof last === 'string' && isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last)
    const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range
    if (range !== undefined) {
      const pos = lineCounter.linePos(range[0])
      return { line: pos.line, column: pos.col }
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined
    if (node?.range !== undefined) {
      const pos = lineCounter.linePos(node.range[0])
      return { line: pos.line, column: pos.col }
    }
  }
  return { line: 1, column: 1 }
}

function jsonSyntaxProblem(text: string, err: Error): SyntaxProblem {
  const at = /position (\d+)/.exec(err.message)
  const offset = at === null ? text.length : Number(at[1])
  const before = text.slice(0, offset).split('\n')
  const message = err.message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '')
  return {
    line: before.length,
    column: (before.at(-1)?.length ?? 0) + 1,
    message: `invalid JSON: ${message}`,
  }
}
