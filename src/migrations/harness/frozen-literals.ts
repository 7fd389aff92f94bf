/**
 * Literals PostgreSQL freezes when an object is created: `'now'::timestamp` in a view or a
 * default is evaluated once, at CREATE, and stored as the timestamp of that moment. Recreating
 * the object identically then always "differs". Such a difference is not a failure; it gets a
 * hint instead.
 * @module
 */

// '2026-12-05 07:09:37.123+00'::timestamp with time zone, as pg_get_viewdef / pg_get_expr print it.
const TIMESTAMP_LITERAL =
  /'(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}(?::?\d{2})?)?)'::timestamp(?:\(\d\))?(?: with(?:out)? time zone)?/g

// Literals are in the session's time zone, which may be up to 14 hours off UTC.
const SLACK_MS = 26 * 3600_000

/**
 * True when `before` and `after` differ only in timestamp literals that were frozen during this
 * run (both values fall between `since` and now, give or take a time zone).
 *
 * @example
 * onlyFrozenLiterals("SELECT '2026-12-05 07:00:01'::timestamp without time zone AS at",
 *   "SELECT '2026-12-05 07:00:03'::timestamp without time zone AS at", Date.now() - 60_000) // true
 */
export function onlyFrozenLiterals(before: string, after: string, since: number): boolean {
  if (before === after) return false
  const blank = (text: string) => text.replace(TIMESTAMP_LITERAL, "'…'")
  if (blank(before) !== blank(after)) return false
  const now = Date.now()
  const stamps = [...before.matchAll(TIMESTAMP_LITERAL), ...after.matchAll(TIMESTAMP_LITERAL)]
  const changed = stamps.filter((s) => !before.includes(s[0]) || !after.includes(s[0]))
  return changed.every((s) => {
    const at = Date.parse(`${s[1]!.replace(' ', 'T')}${/[+-]\d{2}(:?\d{2})?$/.test(s[1]!) ? '' : 'Z'}`)
    return Number.isFinite(at) && at >= since - SLACK_MS && at <= now + SLACK_MS
  })
}

/** The hint shown instead of a failure. */
export function frozenLiteralHint(object: string): string {
  return (
    `${object}: differs only in a timestamp literal PostgreSQL froze at creation ('now', 'today' ` +
    'cast to a timestamp is evaluated once, when the object is created), so it never compares equal; ' +
    'not counted as a difference. Write now() or current_timestamp to evaluate it per query.'
  )
}
