/**
 * Path matchers: exact, template (`/users/:id`, `/users/{id}`) and regular expression.
 * @module
 */

/** A compiled path matcher: returns the path params on a match, `undefined` otherwise. */
export interface PathMatcher {
  readonly kind: 'exact' | 'template' | 'regex' | 'any'
  /** How it was written, for messages. */
  readonly source: string
  match(path: string): Readonly<Record<string, string>> | undefined
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({})

/**
 * Compiles a path pattern. A string with `:name` or `{name}` segments is a template; any other
 * string is exact; a RegExp (or `pathMatches`) is a regular expression whose named groups are params.
 *
 * @example
 * compilePath('/users/:id').match('/users/7') // { id: '7' }
 */
export function compilePath(pattern: string | RegExp | undefined): PathMatcher {
  if (pattern === undefined) return { kind: 'any', source: '(any path)', match: () => NO_PARAMS }
  if (pattern instanceof RegExp) return regexMatcher(pattern)
  const segments = pattern.split('/')
  const isParam = (s: string): boolean => s.startsWith(':') || (s.startsWith('{') && s.endsWith('}'))
  if (!segments.some(isParam)) {
    return { kind: 'exact', source: pattern, match: (path) => (path === pattern ? NO_PARAMS : undefined) }
  }
  const names = segments.map((s) =>
    s.startsWith(':') ? s.slice(1) : isParam(s) ? s.slice(1, -1) : undefined,
  )
  return {
    kind: 'template',
    source: pattern,
    match(path) {
      const parts = path.split('/')
      if (parts.length !== segments.length) return undefined
      const params: Record<string, string> = {}
      for (let i = 0; i < parts.length; i++) {
        const name = names[i]
        const part = parts[i] as string
        if (name === undefined) {
          if (part !== segments[i]) return undefined
        } else {
          if (part === '') return undefined
          params[name] = safeDecode(part)
        }
      }
      return params
    },
  }
}

/** Compiles a regular expression path matcher from a RegExp or its source text. */
export function regexMatcher(pattern: RegExp | string): PathMatcher {
  const regex = typeof pattern === 'string' ? new RegExp(pattern) : pattern
  return {
    kind: 'regex',
    source: `/${regex.source}/`,
    match(path) {
      regex.lastIndex = 0
      const m = regex.exec(path)
      if (m === null) return undefined
      return m.groups === undefined ? NO_PARAMS : { ...m.groups }
    },
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}
