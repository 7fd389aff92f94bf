/**
 * Minimal globs for object names: `*` matches within one name part (no `.`), `**` matches
 * anything, `?` one character.
 * @module
 */

/** A matcher for a list of globs; an empty list matches nothing. */
export function globMatcher(globs: readonly string[]): (name: string) => boolean {
  const patterns = globs.map(
    (glob) =>
      new RegExp(
        `^${glob
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
          .join('')}$`,
      ),
  )
  return (name) => patterns.some((p) => p.test(name))
}
