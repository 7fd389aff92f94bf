/**
 * Small helpers for validating stub input and collecting every problem with its location.
 * @module
 */

/** A location inside a parsed file: object keys and array indexes. */
export type FieldPath = readonly (string | number)[]

/** One thing wrong with the input, at a path (turned into file:line by the loader). */
export interface Problem {
  readonly path: FieldPath
  readonly message: string
}

/** Collects problems while validating. */
export interface Problems {
  add(path: FieldPath, message: string): void
  readonly list: Problem[]
}

/** A new empty problem collector. */
export function collectProblems(): Problems {
  const list: Problem[] = []
  return { list, add: (path, message) => list.push({ path, message }) }
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp)
}

/** Reports fields not in `allowed` (typos are the commonest stub-file mistake). */
export function checkKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  at: FieldPath,
  problems: Problems,
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const hint = closest(key, allowed)
      problems.add(
        [...at, key],
        `unknown field "${key}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; allowed: ${allowed.join(', ')}`,
      )
    }
  }
}

/** Renders a path as `request.headers.authorization` / `stubs[2].response`. */
export function formatPath(path: FieldPath): string {
  let out = ''
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`
  return out === '' ? '(top level)' : out
}

/** Compiles a regular expression, reporting a bad one. */
export function compileRegex(source: unknown, at: FieldPath, problems: Problems): RegExp | undefined {
  if (source instanceof RegExp) return source
  if (typeof source !== 'string') {
    problems.add(at, 'must be a regular expression string')
    return undefined
  }
  try {
    return new RegExp(source)
  } catch (err) {
    problems.add(at, `invalid regular expression: ${(err as Error).message}`)
    return undefined
  }
}

function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = 3
  for (const option of options) {
    const d = distance(word.toLowerCase(), option.toLowerCase())
    if (d < bestDistance) {
      best = option
      bestDistance = d
    }
  }
  return best
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const temp = row[j] as number
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
      prev = temp
    }
  }
  return row[b.length] as number
}
