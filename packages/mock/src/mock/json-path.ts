/**
 * A JSONPath subset for body matching: `$`, `.name`, `['name']`, `[0]`, `[-1]`, `[*]`, `.*` and
 * `..name` (descendants). Filters and scripts are not supported.
 * @module
 */

type Step =
  | { readonly kind: 'child'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'descendant'; readonly name: string }

/** A compiled JSONPath: `select(value)` returns every selected value. */
export interface JsonPath {
  readonly source: string
  select(value: unknown): unknown[]
}

/**
 * Compiles a JSONPath expression; throws an Error saying what is wrong when it is not in the subset.
 *
 * @example
 * compileJsonPath('$.items[*].id').select({ items: [{ id: 1 }, { id: 2 }] }) // [1, 2]
 */
export function compileJsonPath(source: string): JsonPath {
  const steps = parse(source)
  return {
    source,
    select: (value) => steps.reduce<unknown[]>((acc, step) => acc.flatMap((v) => apply(step, v)), [value]),
  }
}

function parse(source: string): Step[] {
  if (!source.startsWith('$')) throw new Error(`JSONPath "${source}" must start with "$"`)
  const steps: Step[] = []
  let i = 1
  const name = /^[A-Za-z_$][\w$-]*/
  while (i < source.length) {
    const rest = source.slice(i)
    if (rest.startsWith('..')) {
      const m = name.exec(rest.slice(2))
      if (m === null) throw new Error(`JSONPath "${source}": expected a name after ".." at ${i}`)
      steps.push({ kind: 'descendant', name: m[0] })
      i += 2 + m[0].length
    } else if (rest.startsWith('.*')) {
      steps.push({ kind: 'wildcard' })
      i += 2
    } else if (rest.startsWith('.')) {
      const m = name.exec(rest.slice(1))
      if (m === null) throw new Error(`JSONPath "${source}": expected a name after "." at ${i}`)
      steps.push({ kind: 'child', name: m[0] })
      i += 1 + m[0].length
    } else if (rest.startsWith('[')) {
      const m = /^\[(?:(\*)|(-?\d+)|'([^']*)'|"([^"]*)")\]/.exec(rest)
      if (m === null)
        throw new Error(`JSONPath "${source}": unsupported bracket at ${i} (use [0], [*] or ['name'])`)
      if (m[1] !== undefined) steps.push({ kind: 'wildcard' })
      else if (m[2] !== undefined) steps.push({ kind: 'index', index: Number(m[2]) })
      else steps.push({ kind: 'child', name: (m[3] ?? m[4]) as string })
      i += m[0].length
    } else {
      throw new Error(`JSONPath "${source}": unexpected "${rest[0]}" at ${i}`)
    }
  }
  return steps
}

function apply(step: Step, value: unknown): unknown[] {
  switch (step.kind) {
    case 'child':
      return isObject(value) && Object.hasOwn(value, step.name) ? [value[step.name]] : []
    case 'index': {
      if (!Array.isArray(value)) return []
      const at = step.index < 0 ? value.length + step.index : step.index
      return at >= 0 && at < value.length ? [value[at]] : []
    }
    case 'wildcard':
      return Array.isArray(value) ? value : isObject(value) ? Object.values(value) : []
    case 'descendant': {
      const found: unknown[] = []
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) for (const item of v) walk(item)
        else if (isObject(v)) {
          if (Object.hasOwn(v, step.name)) found.push(v[step.name])
          for (const child of Object.values(v)) walk(child)
        }
      }
      walk(value)
      return found
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
