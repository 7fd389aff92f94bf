/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password, computed here so the password
 * itself never reaches the server (nor its log, should the statement be logged).
 * @module
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto'

/**
 * Key stretching protects guessable passwords; a cluster's password is 192 random bits, which no
 * iteration count makes harder to guess. A low count keeps every connection's handshake cheap
 * (PostgreSQL's default of 4096 costs the client and the server a few ms per connection).
 */
const ITERATIONS = 16

/**
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` for an ASCII password (SASLprep
 * leaves those unchanged). Meant for random passwords only (see ITERATIONS).
 *
 * @example
 * await client.query(`ALTER ROLE postgres PASSWORD '${scramVerifier(password)}'`)
 */
export function scramVerifier(password: string): string {
  const salt = randomBytes(16)
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256')
  const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest()
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest()
  const serverKey = hmac(salted, 'Server Key')
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`
}
