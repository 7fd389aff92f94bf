/**
 * Rows as PostgreSQL prints them, compared the ways pgTAP does: in order (`results_eq`), as sets
 * (`set_eq`, `set_has`) or as bags (`bag_eq`, `bag_has`), with pgTAP's diagnostics.
 * @module
 */

/** One row: each value as PostgreSQL's text output, null for NULL. */
export type TextRow = readonly (string | null)[]

/** Expected rows: arrays of values, or objects (their values in key order). */
export type RowsInput = readonly (readonly unknown[] | Readonly<Record<string, unknown>>)[]

/** How two results are compared. */
export type RowComparison = 'ordered' | 'set' | 'bag' | 'set-has' | 'bag-has'

/**
 * A JS value as PostgreSQL would print it: numbers and bigints as digits, booleans `t`/`f`,
 * Buffers `\x…`, Dates in ISO form, objects as JSON; strings as they are.
 */
export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`
  return JSON.stringify(value)
}

/** Rows given in JS as text rows. */
export function toTextRows(rows: RowsInput): TextRow[] {
  return rows.map((row) => (Array.isArray(row) ? row : Object.values(row)).map(toText))
}

/** A row in record syntax, as pgTAP prints it: `(1,Anna)`, `(2,"a, b",)`. */
export function showRow(row: TextRow | undefined): string {
  if (row === undefined) return 'NULL'
  const field = (v: string | null) =>
    v === null ? '' : v === '' || /[,()"\\\s]/.test(v) ? `"${v.replace(/(["\\])/g, '\\$1')}"` : v
  return `(${row.map(field).join(',')})`
}

const keyOf = (row: TextRow) => JSON.stringify(row)

function counts(rows: readonly TextRow[]): Map<string, { row: TextRow; n: number }> {
  const map = new Map<string, { row: TextRow; n: number }>()
  for (const row of rows) {
    const entry = map.get(keyOf(row))
    if (entry === undefined) map.set(keyOf(row), { row, n: 1 })
    else entry.n++
  }
  return map
}

/** What `want` has more of than `have` (each surplus copy for bags, once for sets). */
function surplus(of: readonly TextRow[], over: readonly TextRow[], bag: boolean): TextRow[] {
  const other = counts(over)
  const out: TextRow[] = []
  for (const { row, n } of counts(of).values()) {
    const m = other.get(keyOf(row))?.n ?? 0
    const extra = bag ? n - m : m === 0 ? 1 : 0
    for (let i = 0; i < extra; i++) out.push(row)
  }
  return out
}

/** Detail lines of a comparison in pgTAP's words; empty when the results agree. */
export function compareRows(
  have: readonly TextRow[],
  want: readonly TextRow[],
  how: RowComparison,
): string[] {
  if (how === 'ordered') {
    const length = Math.max(have.length, want.length)
    for (let i = 0; i < length; i++) {
      if (keyOf(have[i] ?? []) === keyOf(want[i] ?? []) && have[i] !== undefined && want[i] !== undefined)
        continue
      return [
        `Results differ beginning at row ${i + 1}:`,
        `    have: ${showRow(have[i])}`,
        `    want: ${showRow(want[i])}`,
      ]
    }
    return []
  }
  const bag = how === 'bag' || how === 'bag-has'
  const missing = surplus(want, have, bag)
  const extra = how === 'set-has' || how === 'bag-has' ? [] : surplus(have, want, bag)
  const lines: string[] = []
  if (extra.length > 0) lines.push('Extra records:', ...extra.map((r) => `    ${showRow(r)}`))
  if (missing.length > 0) lines.push('Missing records:', ...missing.map((r) => `    ${showRow(r)}`))
  return lines
}
