/**
 * Just enough of the PostgreSQL wire protocol for the pglite router: split a byte stream into
 * messages, read a startup packet, and write the few messages the router answers itself.
 * @module
 */

/** The protocol version of a StartupMessage (3.0); the other codes are special requests. */
export const PROTOCOL_3 = 196608
export const SSL_REQUEST = 80877103
export const GSSENC_REQUEST = 80877104
export const CANCEL_REQUEST = 80877102

/** One typed message: its type byte, body, and the raw bytes to forward. */
export interface Message {
  readonly type: string
  readonly body: Buffer
  readonly raw: Buffer
}

/** Collects chunks and hands out whole typed messages (type byte + int32 length + body). */
export class MessageReader {
  #buffer: Buffer = Buffer.alloc(0)

  push(chunk: Buffer): Message[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
    const out: Message[] = []
    while (this.#buffer.length >= 5) {
      const length = this.#buffer.readInt32BE(1)
      if (this.#buffer.length < length + 1) break
      const raw = this.#buffer.subarray(0, length + 1)
      out.push({ type: String.fromCharCode(raw[0] ?? 0), body: raw.subarray(5), raw })
      this.#buffer = this.#buffer.subarray(length + 1)
    }
    return out
  }
}

/** An untyped packet of the startup phase (int32 length first): whole, or undefined if short. */
export function takePacket(buffer: Buffer): { packet: Buffer; rest: Buffer } | undefined {
  if (buffer.length < 4) return undefined
  const length = buffer.readInt32BE(0)
  if (length < 8 || length > 10_000) throw new Error(`invalid startup packet length ${length}`)
  if (buffer.length < length) return undefined
  return { packet: buffer.subarray(0, length), rest: buffer.subarray(length) }
}

/** The parameters (user, database, …) of a StartupMessage packet. */
export function startupParameters(packet: Buffer): Map<string, string> {
  const fields = packet.subarray(8).toString('utf8').split('\0')
  const params = new Map<string, string>()
  for (let i = 0; i + 1 < fields.length && fields[i] !== ''; i += 2)
    params.set(fields[i] ?? '', fields[i + 1] ?? '')
  return params
}

/** A typed message with `body`. */
export function message(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5)
  head.write(type, 0, 'latin1')
  head.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([head, body])
}

/** AuthenticationCleartextPassword (`R`, code 3). */
export function cleartextPasswordRequest(): Buffer {
  const body = Buffer.alloc(4)
  body.writeInt32BE(3, 0)
  return message('R', body)
}

/** An ErrorResponse with severity FATAL or ERROR, an SQLSTATE and a message. */
export function errorResponse(code: string, text: string, severity: 'FATAL' | 'ERROR' = 'FATAL'): Buffer {
  const field = (tag: string, value: string): Buffer => Buffer.from(`${tag}${value}\0`, 'utf8')
  return message(
    'E',
    Buffer.concat([
      field('S', severity),
      field('V', severity),
      field('C', code),
      field('M', text),
      Buffer.from([0]),
    ]),
  )
}

/** The text of a NUL-terminated string at the start of `body`. */
export function cString(body: Buffer, from = 0): string {
  const end = body.indexOf(0, from)
  return body.subarray(from, end < 0 ? body.length : end).toString('utf8')
}
