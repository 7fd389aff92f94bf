/**
 * `COPY … FROM STDIN` for the pglite engine. pglite-socket cannot run the COPY sub-protocol (it
 * hands each message to PGlite on its own, and the connection loses sync), but PGlite's
 * in-process API copies from a blob. So the router answers such a Query itself: CopyInResponse,
 * then it collects the client's CopyData until CopyDone, runs the same statement with
 * `FROM '/dev/blob'` through `db.query(…, [], { blob })` on the instance's one session (the
 * guard still counts the connection as its holder: its open transaction is the session's), and
 * answers CommandComplete or the error, then ReadyForQuery. Every other message is piped on.
 * @module
 */
import { STARTUP } from './transaction-guard.js'
import { cString, type Message, message } from './wire.js'

/** A `COPY … FROM STDIN` statement, rewritten to read PGlite's blob. */
export interface CopyFromStdin {
  /** The statement with `FROM STDIN` replaced by `FROM '/dev/blob'`. */
  readonly statement: string
  /** Whether the data is in binary format (CopyInResponse says so). */
  readonly binary: boolean
  /** Where the replacement starts in `statement` (0-based), and how many characters it added. */
  readonly at: number
  readonly added: number
}

const BLOB = "'/dev/blob'"

interface Token {
  readonly text: string
  readonly start: number
  readonly end: number
}

/** The tokens of `sql` (words, quoted names, strings, numbers, punctuation), comments skipped. */
function tokenize(sql: string): Token[] | undefined {
  const out: Token[] = []
  let i = 0
  while (i < sql.length) {
    const c = sql[i] ?? ''
    if (/\s/.test(c)) i++
    else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i)
      i = end < 0 ? sql.length : end + 1
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2)
      if (end < 0) return undefined
      i = end + 2
    } else if (c === '"' || c === "'") {
      let j = i + 1
      for (;;) {
        const end = sql.indexOf(c, j)
        if (end < 0) return undefined
        if (sql[end + 1] === c) j = end + 2
        else {
          j = end + 1
          break
        }
      }
      out.push({ text: sql.slice(i, j), start: i, end: j })
      i = j
    } else if (/[\w$]/.test(c)) {
      const match = /^[\w$]+/.exec(sql.slice(i))?.[0] ?? c
      out.push({ text: match, start: i, end: i + match.length })
      i += match.length
    } else {
      out.push({ text: c, start: i, end: i + 1 })
      i++
    }
  }
  return out
}

/**
 * The statement to run when `sql` is one `COPY <table> [(columns)] FROM STDIN [options]`
 * statement (a trailing semicolon allowed), else undefined.
 *
 * @example
 * parseCopyFromStdin('COPY users (id, name) FROM STDIN WITH (FORMAT csv)')?.statement
 * // "COPY users (id, name) FROM '/dev/blob' WITH (FORMAT csv)"
 */
export function parseCopyFromStdin(sql: string): CopyFromStdin | undefined {
  const tokens = tokenize(sql)
  if (tokens === undefined || tokens[0]?.text.toLowerCase() !== 'copy') return undefined
  if (tokens[1]?.text === '(') return undefined // COPY (query) TO …
  let depth = 0
  let from = -1
  for (let i = 1; i < tokens.length && from < 0; i++) {
    const text = tokens[i]?.text.toLowerCase()
    if (text === '(') depth++
    else if (text === ')') depth--
    else if (depth === 0 && text === 'from') from = i
    else if (depth === 0 && (text === 'to' || text === ';')) return undefined
  }
  const stdin = tokens[from + 1]
  if (from < 2 || stdin === undefined || stdin.text.toLowerCase() !== 'stdin') return undefined
  const rest = tokens.slice(from + 2)
  const semicolon = rest.findIndex((t) => t.text === ';')
  if (semicolon >= 0 && semicolon < rest.length - 1) return undefined // more than one statement
  return {
    statement: sql.slice(0, stdin.start) + BLOB + sql.slice(stdin.end),
    binary: rest.some((t) => t.text.toLowerCase() === 'binary'),
    at: stdin.start,
    added: BLOB.length - stdin.text.length,
  }
}

/** A typed message as the router's readers produce it. */
function typed(type: string, body: Buffer = Buffer.alloc(0)): Message {
  const raw = message(type, body)
  return { type, body: raw.subarray(5), raw }
}

/** CopyInResponse: overall format (text or binary), no per-column formats (0 columns). */
export function copyInResponse(binary: boolean): Message {
  const body = Buffer.alloc(3)
  body.writeInt8(binary ? 1 : 0, 0)
  body.writeInt16BE(0, 1)
  return typed('G', body)
}

/** CommandComplete `COPY <rows>`. */
export function copyComplete(rows: number): Message {
  return typed('C', Buffer.from(`COPY ${rows}\0`))
}

/** ReadyForQuery with a transaction status. */
export function readyFor(status: 'I' | 'T' | 'E'): Message {
  return typed('Z', Buffer.from(status))
}

/** The fields of a PostgreSQL error as PGlite (pg-protocol's DatabaseError) gives them. */
export interface ErrorFields {
  readonly severity?: string | undefined
  readonly code?: string | undefined
  readonly message?: string | undefined
  readonly detail?: string | undefined
  readonly hint?: string | undefined
  readonly position?: string | undefined
  readonly internalPosition?: string | undefined
  readonly internalQuery?: string | undefined
  readonly where?: string | undefined
  readonly schema?: string | undefined
  readonly table?: string | undefined
  readonly column?: string | undefined
  readonly dataType?: string | undefined
  readonly constraint?: string | undefined
  readonly file?: string | undefined
  readonly line?: string | undefined
  readonly routine?: string | undefined
}

const FIELD_TAGS: readonly (readonly [keyof ErrorFields, string])[] = [
  ['code', 'C'],
  ['message', 'M'],
  ['detail', 'D'],
  ['hint', 'H'],
  ['position', 'P'],
  ['internalPosition', 'p'],
  ['internalQuery', 'q'],
  ['where', 'W'],
  ['schema', 's'],
  ['table', 't'],
  ['column', 'c'],
  ['dataType', 'd'],
  ['constraint', 'n'],
  ['file', 'F'],
  ['line', 'L'],
  ['routine', 'R'],
]

/** An ErrorResponse carrying every field of `err` (a non-PostgreSQL error becomes XX000). */
export function errorMessage(err: ErrorFields): Message {
  const severity = err.severity ?? 'ERROR'
  const parts = [`S${severity}\0`, `V${severity}\0`]
  const fields: ErrorFields = { ...err, code: err.code ?? 'XX000', message: err.message ?? String(err) }
  for (const [key, tag] of FIELD_TAGS) {
    const value = fields[key]
    if (value !== undefined && value !== '') parts.push(`${tag}${value}\0`)
  }
  return typed('E', Buffer.from(`${parts.join('')}\0`, 'utf8'))
}

/** What a CopyIn needs from the router and the instance. */
export interface CopyInOptions {
  /** Sends messages on to pglite-socket. */
  toServer(messages: readonly Message[]): void
  /** Sends messages the router answers itself to the client (and lets the guard see them). */
  toClient(messages: readonly Message[]): void
  /** Runs `statement` with `data` as /dev/blob on the instance's session; resolves to the rows copied. */
  run(statement: string, data: Blob): Promise<number>
  /** Whether the instance's session is in a transaction block (open or failed). */
  inTransaction(): boolean
  /** Aborts the session's open transaction (after a CopyFail, as PostgreSQL does). */
  abort(): Promise<void>
}

/** Requests the server ends with ReadyForQuery. */
const REQUESTS = new Set([STARTUP, 'Q', 'F', 'S'])

/**
 * One connection's messages on their way to pglite-socket, with `COPY … FROM STDIN` taken out
 * and run in-process. Feed it the messages the guard forwards (`forward`) and, after they went
 * to the client, the server's (`received`): a COPY waits for earlier requests' answers.
 *
 * @example
 * const copy = new CopyIn({ toServer, toClient, run, inTransaction, abort })
 */
export class CopyIn {
  #mode: 'pipe' | 'copy' | 'run' = 'pipe'
  #pending: Message[] = []
  #outstanding = 0 // requests sent to pglite-socket and not yet answered by ReadyForQuery
  #copy: CopyFromStdin | undefined
  #data: Buffer[] = []
  #pumping = false

  constructor(readonly options: CopyInOptions) {}

  /** Messages from the client that may use the session. */
  forward(messages: readonly Message[]): void {
    this.#pending.push(...messages)
    this.#pump()
  }

  /** Messages from pglite-socket, after they were sent to the client. */
  received(messages: readonly Message[]): void {
    for (const m of messages) if (m.type === 'Z') this.#outstanding = Math.max(0, this.#outstanding - 1)
    if (this.#outstanding === 0 && this.#pending.length > 0) this.#pump()
  }

  #pump(): void {
    if (this.#pumping) return
    this.#pumping = true
    try {
      const batch: Message[] = []
      while (this.#mode !== 'run') {
        const m = this.#pending[0]
        if (m === undefined) break
        if (this.#mode === 'copy') {
          this.#pending.shift()
          this.#copyMessage(m)
          continue
        }
        const copy = m.type === 'Q' ? parseCopyFromStdin(cString(m.body)) : undefined
        if (copy === undefined) {
          this.#pending.shift()
          batch.push(m)
          if (REQUESTS.has(m.type)) this.#outstanding++
          continue
        }
        if (batch.length > 0) this.options.toServer(batch.splice(0))
        if (this.#outstanding > 0) break // the COPY's answer must follow the earlier ones
        this.#pending.shift()
        this.#mode = 'copy'
        this.#copy = copy
        this.#data = []
        this.options.toClient([copyInResponse(copy.binary)])
      }
      if (batch.length > 0) this.options.toServer(batch)
    } finally {
      this.#pumping = false
    }
  }

  /** A client message during COPY FROM STDIN. */
  #copyMessage(m: Message): void {
    if (m.type === 'd') this.#data.push(m.body)
    else if (m.type === 'c') this.#finish(this.#run())
    else if (m.type === 'f') this.#finish(this.#fail(`COPY from stdin failed: ${cString(m.body)}`, '57014'))
    else if (m.type !== 'H' && m.type !== 'S') {
      // PostgreSQL ends the connection here; this ends the COPY and goes on with the message.
      this.#pending.unshift(m)
      const type = `0x${m.type.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`
      this.#finish(this.#fail(`unexpected message type ${type} during COPY from stdin`, '08P01'))
    }
  }

  #finish(answer: Promise<Message[]>): void {
    this.#mode = 'run'
    const failed = (err: unknown): Message[] => [
      errorMessage({ code: 'XX000', message: `pgtestbed pglite engine: ${String(err)}` }),
      readyFor(this.#status('E')),
    ]
    void answer.catch(failed).then((messages) => {
      this.#mode = 'pipe'
      this.#copy = undefined
      this.#data = []
      this.options.toClient(messages)
      this.#pump()
    })
  }

  async #run(): Promise<Message[]> {
    const copy = this.#copy
    if (copy === undefined) return []
    try {
      const rows = await this.options.run(copy.statement, new Blob(this.#data))
      return [copyComplete(rows), readyFor(this.#status('T'))]
    } catch (err) {
      const fields: ErrorFields =
        err instanceof Error ? { ...(err as ErrorFields), message: err.message } : { message: String(err) }
      return [errorMessage(withPosition(fields, copy)), readyFor(this.#status('E'))]
    }
  }

  async #fail(text: string, code: string): Promise<Message[]> {
    if (this.#inTransaction()) await this.options.abort().catch(() => undefined)
    return [errorMessage({ severity: 'ERROR', code, message: text }), readyFor(this.#status('E'))]
  }

  #status(inBlock: 'T' | 'E'): 'I' | 'T' | 'E' {
    return this.#inTransaction() ? inBlock : 'I'
  }

  #inTransaction(): boolean {
    try {
      return this.options.inTransaction()
    } catch {
      return false
    }
  }
}

/** The error's position moved back to the client's statement (before the rewrite, it points there). */
function withPosition(fields: ErrorFields, copy: CopyFromStdin): ErrorFields {
  const position = Number(fields.position)
  if (!Number.isFinite(position) || fields.position === undefined || position <= copy.at + 1) return fields
  return { ...fields, position: String(Math.max(copy.at + 1, position - copy.added)) }
}
