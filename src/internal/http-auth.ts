/**
 * Loopback and bearer-token checks for pgtestbed's local HTTP services (`pgtestbed serve`), so
 * each service checks a secret the same constant-time way.
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Whether `host` is a loopback address: nothing beyond this machine reaches it.
 *
 * @example
 * isLoopbackHost('127.0.0.1') // true
 * isLoopbackHost('0.0.0.0')   // false
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h)
}

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1]
}

/** Constant-time comparison of a presented secret with the expected one. */
export function secretMatches(given: string | undefined, wanted: string): boolean {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(wanted)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** A new random secret, URL-safe (it may travel in a URL path). */
export function newSecret(): string {
  return randomBytes(24).toString('base64url')
}
