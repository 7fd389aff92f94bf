import { createHash } from 'node:crypto'

/** A short, stable hex digest of the given parts (order matters). */
export function digest(parts: readonly (string | Buffer)[], length = 16): string {
  const h = createHash('sha256')
  for (const part of parts) {
    h.update(part)
    h.update('\0')
  }
  return h.digest('hex').slice(0, length)
}
