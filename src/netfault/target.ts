/**
 * Where the proxy forwards to, and the connection URL rewritten to go through the proxy.
 * @module
 */
import { ConfigError, failure } from '../errors.js'

/** The TCP address of the real server, and the URL the caller gave (if any). */
export interface ProxyTarget {
  readonly host: string
  readonly port: number
  /** The target as a URL (`postgresql://host:port/` when a bare `host:port` was given). */
  readonly url: URL
}

/**
 * Parses `postgresql://…` URLs and bare `host:port` (or `[::1]:port`) addresses.
 *
 * @example
 * parseTarget('postgresql://app@127.0.0.1:5432/app') // { host: '127.0.0.1', port: 5432, … }
 * parseTarget('localhost:5433')
 */
export function parseTarget(target: string): ProxyTarget {
  const bad = (why: string): ConfigError =>
    new ConfigError(
      'PGT_CONFIG_INVALID',
      failure(
        `use ${JSON.stringify(target)} as the proxy target`,
        why,
        'Pass a TCP address: a postgresql:// URL with a host, or host:port (e.g. 127.0.0.1:5432)',
      ),
    )
  const text = target.trim()
  const isUrl = /^postgres(ql)?:\/\//i.test(text)
  let url: URL
  try {
    url = new URL(isUrl ? text : `postgresql://${text}/`)
  } catch {
    throw bad('it is neither a postgresql:// URL nor host:port')
  }
  if (!isUrl && (url.username !== '' || url.pathname.length > 1 || !/:\d+$/.test(text))) {
    throw bad('it is neither a postgresql:// URL nor host:port')
  }
  const socketHost = url.searchParams.get('host')
  if (socketHost?.startsWith('/') === true || url.hostname === '') {
    throw bad('it names a Unix socket or no host, and the proxy forwards TCP only')
  }
  const port = url.port === '' ? 5432 : Number(url.port)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad(`port ${url.port} is not 1–65535`)
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return Object.freeze({ host, port, url })
}

/**
 * The target URL with its host and port replaced by the proxy's (user, database, password and
 * parameters are kept), so a client connects through the proxy with nothing else changed.
 *
 * @example
 * proxyUrl(parseTarget('postgresql://app@db:5432/app?sslmode=disable'), '127.0.0.1', 40123)
 * // 'postgresql://app@127.0.0.1:40123/app?sslmode=disable'
 */
export function proxyUrl(target: ProxyTarget, host: string, port: number): string {
  const url = new URL(target.url.toString())
  url.hostname = host.includes(':') ? `[${host}]` : host
  url.port = String(port)
  url.searchParams.delete('host')
  url.searchParams.delete('port')
  return url.toString()
}
