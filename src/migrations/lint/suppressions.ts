/**
 * Disabling rules in the SQL itself: `-- pgtestbed-lint-disable rule-a, rule-b` on a statement's
 * line or the line above it; `-- pgtestbed-lint-disable-file rule-a` anywhere for the whole file.
 * No rule ids means every rule. `-- squawk-ignore rule` is read the same way as the line form.
 * @module
 */

/** Rules disabled for the file and per line (1-based within the script). */
export interface Suppressions {
  readonly file: ReadonlySet<string>
  readonly lines: ReadonlyMap<number, ReadonlySet<string>>
}

const ALL = '*'
const LINE = /--\s*(?:pgtestbed-lint-disable|squawk-ignore)(?!-file)\b:?\s*([\w\s,-]*)$/
const FILE = /--\s*pgtestbed-lint-disable-file\b:?\s*([\w\s,-]*)$/

function ruleIds(text: string | undefined): Set<string> {
  const ids = (text ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  return new Set(ids.length === 0 ? [ALL] : ids)
}

/**
 * Reads the suppression comments of a script.
 *
 * @example
 * readSuppressions('-- pgtestbed-lint-disable ban-drop-table\ndrop table t;').lines.get(1) // Set { 'ban-drop-table' }
 */
export function readSuppressions(sql: string): Suppressions {
  const file = new Set<string>()
  const lines = new Map<number, Set<string>>()
  sql.split('\n').forEach((text, index) => {
    const whole = FILE.exec(text)
    if (whole) {
      for (const id of ruleIds(whole[1])) file.add(id)
      return
    }
    const line = LINE.exec(text)
    if (line) lines.set(index + 1, ruleIds(line[1]))
  })
  return { file, lines }
}

/** True when `rule` is disabled for a statement spanning script lines `first`..`last`. */
export function isSuppressed(s: Suppressions, rule: string, first: number, last: number): boolean {
  if (s.file.has(ALL) || s.file.has(rule)) return true
  for (let line = first - 1; line <= last; line++) {
    const ids = s.lines.get(line)
    if (ids !== undefined && (ids.has(ALL) || ids.has(rule))) return true
  }
  return false
}
