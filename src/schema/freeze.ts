/**
 * Small helpers that keep the model immutable and ordered.
 * @module
 */

/** Freezes a plain-data value and everything inside it; returns it typed as read-only. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value as object)) deepFreeze(child)
  }
  return value
}

/** A copy of `items` sorted by a string key (code-point order, so it never depends on locale). */
export function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    return ka < kb ? -1 : ka > kb ? 1 : 0
  })
}

/** Sorted by `name`, then `schema` first when the items have one. */
export function sortByName<T extends { readonly name: string; readonly schema?: string }>(
  items: readonly T[],
): T[] {
  return sortBy(items, (item) => `${item.schema ?? ''}\u0000${item.name}`)
}

/** Groups rows by a key, keeping their order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [item])
    else group.push(item)
  }
  return groups
}
