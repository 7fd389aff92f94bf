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

/**
 * Whether `url`'s server runs on this machine (a Unix socket or a loopback address).
 *
 * @example
 * isLoopbackUrl('postgres://u@127.0.0.1:5432/db') // true
 */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === ''
}
