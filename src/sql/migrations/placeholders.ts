/**
 * Placeholder substitution in migration files: `${name}` becomes the configured value.
 * @module
 */

/**
 * Replaces `${name}` for each name in `values`; unknown names are left as they are (so `$$`
 * bodies and `${…}` text in strings survive).
 *
 * @example
 * substitutePlaceholders('grant select on t to ${role};', { role: 'app' }) // 'grant select on t to app;'
 */
export function substitutePlaceholders(
  sql: string,
  values: Readonly<Record<string, string>> | undefined,
): string {
  if (values === undefined) return sql
  return sql.replace(/\$\{([A-Za-z_][\w.-]*)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : whole,
  )
}
