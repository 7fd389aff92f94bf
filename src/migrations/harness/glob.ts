/** Globs for object names in comparisons, with the same meaning as in `pgtestbed/schema`. */

/**
 * `*` matches within one name part (no `.`), `**` matches anything, `?` one character; matched
 * against the whole qualified name.
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
