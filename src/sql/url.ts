/**
 * Connection URLs: the URL of another database on the same server, and a URL fit for messages.
 * @module
 */

/**
 * The URL of database `name` on the same server as `url`.
 *
 * @example
 * databaseUrl('postgres://u@h:5432/postgres', 'app_test') // 'postgres://u@h:5432/app_test'
 */
export function databaseUrl(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${encodeURIComponent(name)}`
  return u.toString()
}

/**
 * `url` with its password replaced by `***`, for messages.
 *
 * @example
 * redactUrl('postgres://u:secret@h/db') // 'postgres://u:***@h/db'
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '<unparseable URL>'
  }
}
