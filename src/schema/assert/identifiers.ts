/**
 * Identifiers as PostgreSQL reads them: `"myType"` is exact, `myType` unquoted is folded to lower
 * case by PostgreSQL but pgTAP compares it as written, so it matches either spelling. Type names
 * compare identifier by identifier (`"myType"[]` = `myType[]`), built-in types by their aliases.
 * @module
 */
import { normalizeType } from './normalize-text.js'

const PART = /"(?:[^"]|"")+"|[^".\s()[\]]+/y

/** `app."My.Table"` → `['app', '"My.Table"']`, quotes kept so `sameIdentifier` can tell. */
export function splitQualified(name: string): string[] {
  const parts: string[] = []
  let at = 0
  const text = name.trim()
  while (at < text.length) {
    PART.lastIndex = at
    const match = PART.exec(text)
    if (match === null) return [text]
    parts.push(match[0])
    at = PART.lastIndex
    if (at < text.length) {
      if (text[at] !== '.') return [text]
      at++
    }
  }
  return parts
}

const unquote = (part: string) => part.slice(1, -1).replace(/""/g, '"')

/**
 * Whether a catalog name (`have`, as stored) is the identifier a user wrote (`written`):
 * quoted → exact; unquoted → as written or folded to lower case.
 *
 * @example
 * sameIdentifier('myType', 'myType')   // true (pgTAP compares as written)
 * sameIdentifier('myType', '"myType"') // true
 * sameIdentifier('mytype', 'MyType')   // true (PostgreSQL folds unquoted names)
 */
export function sameIdentifier(have: string, written: string): boolean {
  if (written.length >= 2 && written.startsWith('"') && written.endsWith('"'))
    return have === unquote(written)
  return have === written || have === written.toLowerCase()
}

/** A catalog identifier as `format_type` may print it (quoted or not) → the stored name. */
function storedName(part: string): string {
  return part.startsWith('"') && part.endsWith('"') && part.length >= 2 ? unquote(part) : part
}

const TYPE_NAME = /^((?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)(?:\.(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*))?)\s*(.*)$/s

/**
 * Whether a column's type (as `format_type` prints it) is the type a user wrote: built-in types by
 * alias (`varchar(64)` = `character varying(64)`), user types identifier by identifier with
 * modifiers and array brackets (`myType[]` = `"myType"[]`; `app.mood` = `mood` when visible).
 *
 * @example
 * sameType('"myType"', 'myType') // true, as pgTAP's col_type_is
 */
export function sameType(have: string, want: string): boolean {
  if (normalizeType(have) === normalizeType(want)) return true
  const h = TYPE_NAME.exec(have.trim())
  const w = TYPE_NAME.exec(want.trim())
  if (h === null || w === null) return false
  const rest = (s: string | undefined) => (s ?? '').replace(/\s+/g, '').toLowerCase()
  if (rest(h[2]) !== rest(w[2])) return false
  const hp = splitQualified(h[1] ?? '').map(storedName)
  const wp = splitQualified(w[1] ?? '')
  if (!sameIdentifier(hp.at(-1) ?? '', wp.at(-1) ?? '')) return false
  // a visible type prints unqualified: a wanted schema cannot be checked then, and is accepted
  if (hp.length === 2 && wp.length === 2) return sameIdentifier(hp[0] ?? '', wp[0] ?? '')
  return true
}
