/**
 * pgvector's text forms: `[1,2,3]` for `vector` and `halfvec`, `{1:0.5,3:2}/5` (1-based indices,
 * then the dimensions) for `sparsevec`. Written from float32 values so the server stores exactly
 * them; read back into float32 arrays.
 * @module
 */

/**
 * A float32 value as text that reads back as the same float32: 9 significant digits always do
 * (FLT_DECIMAL_DIG).
 *
 * @example
 * float32Text(Math.fround(0.1)) // '0.100000001'
 */
export function float32Text(x: number): string {
  // toPrecision is ~3x faster than String() here and its text ~40% shorter; trailing zeros are
  // left (trimming them costs more than the bytes it saves).
  return Number.isInteger(x) && Math.abs(x) < 1e9 ? String(x) : x.toPrecision(9)
}

/**
 * A `vector` / `halfvec` literal of `dims` float32 values from `values[offset..]`.
 *
 * @example
 * vectorLiteral(new Float32Array([0.5, 1]), 0, 2) // '[0.5,1]'
 */
export function vectorLiteral(values: ArrayLike<number>, offset: number, dims: number): string {
  const parts = new Array<string>(dims)
  for (let i = 0; i < dims; i++) parts[i] = float32Text(values[offset + i]!)
  return `[${parts.join(',')}]`
}

/**
 * A `sparsevec` literal keeping the non-zero values.
 *
 * @example
 * sparseLiteral(new Float32Array([0, 2, 0]), 0, 3) // '{2:2}/3'
 */
export function sparseLiteral(values: ArrayLike<number>, offset: number, dims: number): string {
  const parts: string[] = []
  for (let i = 0; i < dims; i++) {
    const v = values[offset + i]!
    if (v !== 0) parts.push(`${i + 1}:${float32Text(v)}`)
  }
  return `{${parts.join(',')}}/${dims}`
}

/**
 * Parses any of the three text forms into `out[offset..offset+dims)` (dense), returning the dimensions read.
 *
 * @example
 * const out = new Float32Array(3); parseVector('{2:2}/3', out, 0) // out = [0, 2, 0]
 */
export function parseVector(text: string, out: Float32Array, offset: number): number {
  if (text.startsWith('{')) {
    const slash = text.lastIndexOf('/')
    const dims = Number(text.slice(slash + 1))
    out.fill(0, offset, offset + dims)
    const body = text.slice(1, text.lastIndexOf('}', slash))
    if (body !== '') {
      for (const pair of body.split(',')) {
        const colon = pair.indexOf(':')
        out[offset + Number(pair.slice(0, colon)) - 1] = Number(pair.slice(colon + 1))
      }
    }
    return dims
  }
  const body = text.slice(1, -1)
  let i = 0
  let start = 0
  for (let at = 0; at <= body.length; at++) {
    if (at === body.length || body.charCodeAt(at) === 44) {
      out[offset + i++] = Number(body.slice(start, at))
      start = at + 1
    }
  }
  return i
}

/** The dimensions of a text form, without parsing its values. */
export function dimensionsOf(text: string): number {
  if (text.startsWith('{')) return Number(text.slice(text.lastIndexOf('/') + 1))
  if (text === '[]') return 0
  let n = 1
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) n++
  return n
}
