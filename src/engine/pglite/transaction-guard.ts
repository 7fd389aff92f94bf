/**
 * PGlite runs one session per database: every connection the router pipes to an instance shares
 * it, and pglite-socket hands the session to one connection's messages at a time, keeping it
 * for the connection whose transaction is open. A second connection's query then waits, and if
 * the first one idles in its transaction (a test holds a transaction while a pool client
 * queries) it waits forever. The guard sits in the router in front of each instance: it follows
 * each connection's protocol state from the ReadyForQuery messages, lets one connection at a
 * time use the session (from a request to the ReadyForQuery that ends it, or to the end of its
 * transaction), queues the others, and fails a waiting request with SQLSTATE 55P03 and a
 * message that says why once the holder has sat idle for IDLE_LIMIT_MS.
 * @module
 */
import { errorResponse, type Message, message } from './wire.js'

/** How long the session's holder may idle while another connection waits, before that one fails. */
export const IDLE_LIMIT_MS = 2_000

/** The type given to the startup packet when it goes through the guard like a message. */
export const STARTUP = 'startup'

/** Extended-protocol messages: a batch of them is open until its Sync. */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H'])

/** What the protocol says about one connection's use of the session. */
export class SessionState {
  #unanswered = 0 // startup, Query, FunctionCall and Sync sent; each ends with a ReadyForQuery
  #batch = false // extended-protocol messages sent since the last Sync
  #copyIn = false // the server waits for the client's COPY data
  #status = 'I' // of the last ReadyForQuery: I idle, T in a transaction, E in a failed one

  /** A message the connection sent to the server. */
  sent(type: string): void {
    if (type === STARTUP || type === 'Q' || type === 'F') this.#unanswered++
    else if (type === 'S') {
      this.#unanswered++
      this.#batch = false
    } else if (EXTENDED.has(type)) this.#batch = true
    else if (type === 'c' || type === 'f') this.#copyIn = false
  }

  /** A message the server sent to the connection. */
  received(m: Message): void {
    if (m.type === 'G') this.#copyIn = true
    else if (m.type === 'Z') {
      this.#unanswered = Math.max(0, this.#unanswered - 1)
      this.#status = String.fromCharCode(m.body[0] ?? 0x49)
      this.#copyIn = false
    }
  }

  /** Whether the connection uses the session: a request runs, a batch is open, or a transaction. */
  get holding(): boolean {
    return this.#unanswered > 0 || this.#batch || this.inTransaction
  }

  /** Whether the server is working for the connection (rather than waiting for it). */
  get running(): boolean {
    return this.#unanswered > 0 && !this.#copyIn
  }

  /** Whether the last ReadyForQuery said "in a transaction" (T) or "in a failed one" (E). */
  get inTransaction(): boolean {
    return this.#status !== 'I'
  }
}

/** One client connection to an instance, as the guard sees it. */
export interface Connection {
  /** The database the client asked for (named in the error). */
  readonly database: string
  /** Sends messages on to the instance. */
  forward(messages: readonly Message[]): void
  /** Sends bytes the guard answers itself to the client. */
  reply(bytes: Buffer): void
  /** Sends a last message to the client and closes the connection. */
  close(bytes: Buffer): void
}

/** A connection joined to a guard: feed it both directions, and tell it when the connection ends. */
export interface GuardedConnection {
  fromClient(messages: readonly Message[]): void
  fromServer(messages: readonly Message[]): void
  leave(): void
}

interface Member {
  readonly connection: Connection
  readonly state: SessionState
  /** Messages held back while another connection holds the session. */
  queue: Message[]
  /** When its oldest queued message arrived. */
  since: number
  /** When it last sent or received something. */
  active: number
  /** After a failed extended-protocol message: skip until Sync, as PostgreSQL does. */
  skipping: boolean
}

/** Lets one connection at a time use an instance's session; see the module comment. */
export class TransactionGuard {
  #holder: Member | undefined
  readonly #waiting: Member[] = []
  #timer: NodeJS.Timeout | undefined

  constructor(readonly idleLimitMs: number = IDLE_LIMIT_MS) {}

  /**
   * Adds a connection; pass its startup packet through `fromClient` first (type STARTUP).
   *
   * @example
   * const guarded = guard.join({ database, forward, reply, close })
   * guarded.fromClient([{ type: STARTUP, body: startup, raw: startup }])
   */
  join(connection: Connection): GuardedConnection {
    const member: Member = {
      connection,
      state: new SessionState(),
      queue: [],
      since: 0,
      active: Date.now(),
      skipping: false,
    }
    return {
      fromClient: (messages) => {
        this.#take(member, messages)
        this.#settle()
      },
      fromServer: (messages) => {
        for (const m of messages) member.state.received(m)
        member.active = Date.now()
        this.#settle()
      },
      leave: () => {
        member.queue = []
        const i = this.#waiting.indexOf(member)
        if (i >= 0) this.#waiting.splice(i, 1)
        if (this.#holder === member) this.#holder = undefined
        this.#settle()
      },
    }
  }

  /** Forwards `messages` if `member` may use the session, else queues them. */
  #take(member: Member, messages: readonly Message[]): void {
    const forward: Message[] = []
    for (const m of messages) {
      if (member.skipping) {
        if (m.type === 'S') {
          member.skipping = false
          member.connection.reply(readyForQuery())
        }
        continue
      }
      if (member.queue.length > 0 || (this.#holder !== undefined && this.#holder !== member)) {
        if (member.queue.length === 0) {
          member.since = Date.now()
          this.#waiting.push(member)
        }
        member.queue.push(m)
        continue
      }
      this.#holder = member
      member.state.sent(m.type)
      forward.push(m)
    }
    if (forward.length === 0) return
    member.active = Date.now()
    member.connection.forward(forward)
  }

  /** Frees the session when its holder is done with it, lets the next waiter in, and re-arms the timer. */
  #settle(): void {
    for (;;) {
      if (this.#holder?.state.holding === false) this.#holder = undefined
      if (this.#holder !== undefined) break
      const next = this.#waiting.shift()
      if (next === undefined) break
      const queued = next.queue
      next.queue = []
      this.#take(next, queued)
    }
    clearTimeout(this.#timer)
    this.#timer = undefined
    const holder = this.#holder
    const first = this.#waiting[0]
    if (holder === undefined || first === undefined || holder.state.running) return
    const deadline = Math.max(holder.active, first.since) + this.idleLimitMs
    this.#timer = setTimeout(
      // Let a reply already on its way (a long statement blocked the event loop) land first.
      // (Not unref'd: an unref'd immediate lets the event loop sleep through it.)
      () => setImmediate(() => this.#expire()),
      Math.max(0, deadline - Date.now()),
    )
    this.#timer.unref()
  }

  /** Fails the waiters whose wait on an idle holder reached the limit. */
  #expire(): void {
    const holder = this.#holder
    if (holder !== undefined && !holder.state.running) {
      const now = Date.now()
      for (const waiter of [...this.#waiting]) {
        if (Math.max(holder.active, waiter.since) + this.idleLimitMs > now) continue
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1)
        this.#fail(waiter, explanation(waiter.connection.database, holder.state, now - holder.active))
      }
    }
    this.#settle()
  }

  /** Answers a waiter's queued messages with the error, as the server would have answered them. */
  #fail(waiter: Member, text: string): void {
    const queued = waiter.queue
    waiter.queue = []
    const out: Buffer[] = []
    const error = errorResponse('55P03', text, 'ERROR')
    for (const m of queued) {
      if (m.type === STARTUP) {
        waiter.connection.close(errorResponse('55P03', text, 'FATAL'))
        return
      }
      if (m.type === 'Q' || m.type === 'F') out.push(error, readyForQuery())
      else if (m.type === 'S') {
        if (!waiter.skipping) out.push(error) // a Sync alone still hears why it waited
        out.push(readyForQuery())
        waiter.skipping = false
      } else if (EXTENDED.has(m.type) && !waiter.skipping) {
        out.push(error)
        waiter.skipping = true
      }
      // CopyData, CopyDone, CopyFail outside COPY and Terminate: nothing to answer.
    }
    if (out.length > 0) waiter.connection.reply(Buffer.concat(out))
  }
}

/** ReadyForQuery, idle: a waiter never holds a transaction (only the holder can). */
function readyForQuery(): Buffer {
  return message('Z', Buffer.from('I'))
}

function explanation(database: string, holder: SessionState, idleMs: number): string {
  const seconds = (idleMs / 1000).toFixed(1)
  const [what, fix] = holder.inTransaction
    ? [`has been idle in a transaction for ${seconds} s`, 'Commit or roll back that transaction']
    : [
        `has left an extended-protocol batch open (no Sync yet: an unfinished cursor?) for ${seconds} s`,
        'Close the cursor (or finish the batch with Sync)',
      ]
  return (
    `pgtestbed pglite engine: gave up waiting for the session of database "${database}": another connection to it ${what}, ` +
    'and PGlite runs one session at a time, so no other connection can run until that one finishes. ' +
    `${fix} before querying on another connection, or run these queries on one client, ` +
    'or use the embedded engine (engine: "embedded", or PGTESTBED_ENGINE=embedded), where connections are independent.'
  )
}
