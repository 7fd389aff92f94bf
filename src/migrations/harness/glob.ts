/** Globs for object names in comparisons. */

/**
 * `*` matches any run of characters, `?` one; matched against the whole qualified name.
 *
 * @example
 * globToRegExp('public.schema_*').test('public.schema_migrations') // true
 */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${body}$`)
}
