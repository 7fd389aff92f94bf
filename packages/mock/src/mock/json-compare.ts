/**
 * JSON comparison for body matching: exact (deep equal) or partial (expected fields present),
 * returning where the first difference is, for near-miss reports.
 * @module
 */

/**
 * Returns undefined when `actual` matches `expected`, else a short description of the first difference.
 * Partial: objects may have extra fields; each expected array item must match some actual item.
 *
 * @example
 * jsonDifference({ a: 1 }, { a: 2, b: 3 }, 'partial') // '$.a: expected 1, got 2'
 */
export function jsonDifference(
  expected: unknown,
  actual: unknown,
  mode: 'exact' | 'partial',
  at = '$',
): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected an array, got ${show(actual)}`
    if (mode === 'exact') {
      if (expected.length !== actual.length)
        return `${at}: expected ${expected.length} items, got ${actual.length}`
      for (let i = 0; i < expected.length; i++) {
        const d = jsonDifference(expected[i], actual[i], mode, `${at}[${i}]`)
        if (d !== undefined) return d
      }
      return undefined
    }
    for (let i = 0; i < expected.length; i++) {
      if (!actual.some((item) => jsonDifference(expected[i], item, mode) === undefined)) {
        return `${at}: no item matches ${show(expected[i])}`
      }
    }
    return undefined
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return `${at}: expected an object, got ${show(actual)}`
    }
    const a = actual as Record<string, unknown>
    for (const [key, value] of Object.entries(expected)) {
      if (!Object.hasOwn(a, key)) return `${at}.${key}: missing`
      const d = jsonDifference(value, a[key], mode, `${at}.${key}`)
      if (d !== undefined) return d
    }
    if (mode === 'exact') {
      const extra = Object.keys(a).find((k) => !Object.hasOwn(expected, k))
      if (extra !== undefined) return `${at}.${extra}: not expected`
    }
    return undefined
  }
  return Object.is(expected, actual) ? undefined : `${at}: expected ${show(expected)}, got ${show(actual)}`
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
