/**
 * The pack's RS256 signing key (made once per pack instance, lazily: key generation costs tens of ms) and the
 * JWTs it signs (ID tokens), with `node:crypto` only.
 * @module
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'

/** A signing key with its public JWK. */
export interface SigningKey {
  readonly kid: string
  readonly privateKey: KeyObject
  readonly publicJwk: Readonly<Record<string, unknown>>
}

/**
 * Makes a fresh RSA-2048 signing key.
 *
 * @example
 * const key = createSigningKey()
 */
export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = publicKey.export({ format: 'jwk' })
  const kid = createHash('sha256').update(String(jwk.n)).digest('base64url').slice(0, 16)
  return { kid, privateKey, publicJwk: Object.freeze({ ...jwk, kid, alg: 'RS256', use: 'sig' }) }
}

/**
 * Signs claims as a compact RS256 JWT.
 *
 * @example
 * signJwt(key, { iss: 'http://127.0.0.1:4010', sub: 'user-1', aud: 'app', iat: 1, exp: 2 })
 */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid })).toString('base64url')
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key.privateKey).toString('base64url')
  return `${header}.${payload}.${signature}`
}
