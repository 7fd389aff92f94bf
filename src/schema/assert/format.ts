/**
 * Failure texts in pgTAP's spirit: `have:` / `want:` for a value that differs, `Missing:` /
 * `Extra:` for sets that differ.
 * @module
 */

/** One failed expectation: a title (`public.users: primary key`) and indented detail lines. */
export interface Problem {
  readonly title: string
  readonly details: readonly string[]
}

const show = (value: unknown): string =>
  value === null || value === undefined ? 'NULL' : typeof value === 'string' ? value : JSON.stringify(value)

/** `have: …` / `want: …` lines. */
export function haveWant(have: unknown, want: unknown): string[] {
  return [`have: ${show(have)}`, `want: ${show(want)}`]
}

/** `Missing:` / `Extra:` blocks for two sets of names (extra only when `exact`). */
export function missingExtra(have: readonly string[], want: readonly string[], exact: boolean): string[] {
  const missing = want.filter((name) => !have.includes(name))
  const extra = exact ? have.filter((name) => !want.includes(name)) : []
  const lines: string[] = []
  if (missing.length > 0) lines.push('Missing:', ...missing.map((m) => `    ${m}`))
  if (extra.length > 0) lines.push('Extra:', ...extra.map((e) => `    ${e}`))
  return lines
}

/** A list as `(a, b)`. */
export function list(items: readonly string[]): string {
  return `(${items.join(', ')})`
}

/** The whole report for a set of problems. */
export function renderProblems(problems: readonly Problem[], total: number): string {
  const body = problems.map((p) => [`  ✗ ${p.title}`, ...p.details.map((d) => `      ${d}`)].join('\n'))
  return `Schema expectations failed (${problems.length} of ${total}):\n${body.join('\n')}`
}
