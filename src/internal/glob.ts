/**
 * Globs for database object names, one meaning everywhere (schema diffs, migration checks):
 * `*` matches within one name part (no `.`), `**` matches anything, `?` one character; a glob
 * is matched against the whole qualified name.
 * @module
 */

/**
 * The regular expression for one glob.
 *
 * @example
 * globToRegExp('public.schema_*').test('public.schema_migrations') // true
 * globToRegExp('audit.**').test('audit.log.id') // true
 */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split(/(\*\*|\*|\?)/)
    .map((part) =>
      part === '**'
        ? '.*'
        : part === '*'
          ? '[^.]*'
          : part === '?'
            ? '.'
            : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('')
  return new RegExp(`^${body}$`)
}

/**
 * A matcher for a list of globs; an empty list matches nothing.
 *
 * @example
 * const ignored = globMatcher(['public.tmp_*']); ignored('public.tmp_x') // true
 */
export function globMatcher(globs: readonly string[]): (name: string) => boolean {
  const patterns = globs.map(globToRegExp)
  return (name) => patterns.some((p) => p.test(name))
}
