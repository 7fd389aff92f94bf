/**
 * The transaction guard on its own: protocol messages in, what it forwards, queues and answers
 * out. (transaction-hang.test.ts runs it with real `pg` clients against PGlite.)
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import {
  IDLE_LIMIT_MS,
  SessionState,
  STARTUP,
  TransactionGuard,
} from '../../../src/engine/pglite/transaction-guard.js'
import { type Message, MessageReader, message } from '../../../src/engine/pglite/wire.js'

beforeEach(() => {
  // Timers and the clock are fake; setImmediate is real (see elapse).
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

/** Lets `ms` pass; the guard's check runs in a setImmediate after its timer (a reply on its way lands first). */
async function elapse(ms: number): Promise<void> {
  vi.advanceTimersByTime(ms)
  await new Promise((resolve) => setImmediate(resolve))
}

const msg = (type: string, body = ''): Message => {
  const raw = message(type, Buffer.from(body))
  return { type, body: raw.subarray(5), raw }
}
const startup = (): Message => ({ type: STARTUP, body: Buffer.alloc(0), raw: Buffer.from('startup') })
const ready = (status: 'I' | 'T' | 'E'): Message => msg('Z', status)

/** A fake connection that records what the guard forwards and answers. */
function connect(guard: TransactionGuard, database = 'app') {
  const forwarded: string[] = []
  const replies: Message[] = []
  let closedWith: Message[] | undefined
  const read = (bytes: Buffer): Message[] => new MessageReader().push(bytes)
  const guarded = guard.join({
    database,
    forward: (messages) => forwarded.push(...messages.map((m) => m.type)),
    reply: (bytes) => replies.push(...read(bytes)),
    close: (bytes) => {
      closedWith = read(bytes)
    },
  })
  const client = {
    ...guarded,
    forwarded,
    replies,
    closedWith: () => closedWith,
    /** Startup answered: an idle connection. */
    started() {
      guarded.fromClient([startup()])
      guarded.fromServer([msg('R'), ready('I')])
      forwarded.length = 0
      return client
    },
  }
  return client
}

const errorOf = (m: Message | undefined) => {
  const fields = new Map<string, string>()
  for (const part of (m?.body ?? Buffer.alloc(0)).toString('utf8').split('\0'))
    if (part.length > 0) fields.set(part[0] ?? '', part.slice(1))
  return { type: m?.type, severity: fields.get('S'), code: fields.get('C'), message: fields.get('M') }
}

it('tracks a connection through a request, a transaction and a failed transaction', () => {
  const state = new SessionState()
  expect([state.holding, state.running]).toEqual([false, false])
  state.sent('Q')
  expect([state.holding, state.running, state.inTransaction]).toEqual([true, true, false])
  state.received(ready('T'))
  expect([state.holding, state.running, state.inTransaction]).toEqual([true, false, true])
  state.sent('Q')
  state.received(ready('E'))
  expect([state.holding, state.running, state.inTransaction]).toEqual([true, false, true])
  state.sent('Q')
  state.received(ready('I'))
  expect([state.holding, state.running]).toEqual([false, false])
})

it('holds an extended-protocol batch until its Sync, and COPY FROM STDIN waits on the client', () => {
  const state = new SessionState()
  for (const type of ['P', 'B', 'D', 'E', 'H']) state.sent(type)
  expect([state.holding, state.running]).toEqual([true, false]) // a cursor between fetches
  state.sent('S')
  expect([state.holding, state.running]).toEqual([true, true])
  state.received(ready('I'))
  expect(state.holding).toBe(false)
  state.sent('Q')
  state.received(msg('G'))
  expect([state.holding, state.running]).toEqual([true, false])
  state.sent('d')
  state.sent('c')
  expect(state.running).toBe(true)
  state.received(ready('I'))
  expect(state.holding).toBe(false)
})

it('queues another connection while one holds a transaction, and lets it in at COMMIT', () => {
  const guard = new TransactionGuard()
  const a = connect(guard).started()
  const b = connect(guard).started()
  a.fromClient([msg('Q', 'BEGIN\0')])
  a.fromServer([msg('C'), ready('T')])
  b.fromClient([msg('Q', 'SELECT 1\0')])
  expect(b.forwarded).toEqual([])
  a.fromClient([msg('Q', 'COMMIT\0')])
  expect(b.forwarded).toEqual([])
  a.fromServer([msg('C'), ready('I')])
  expect(b.forwarded).toEqual(['Q'])
  expect(b.replies).toEqual([])
})

it('queues a connection while another runs a request or an extended batch, not only a transaction', () => {
  const guard = new TransactionGuard()
  const a = connect(guard).started()
  const b = connect(guard).started()
  a.fromClient([msg('P'), msg('B')])
  b.fromClient([msg('Q', 'SELECT 1\0')])
  a.fromClient([msg('E'), msg('S')])
  expect(a.forwarded).toEqual(['P', 'B', 'E', 'S'])
  expect(b.forwarded).toEqual([])
  a.fromServer([msg('1'), msg('2'), msg('C'), ready('I')])
  expect(b.forwarded).toEqual(['Q'])
})

it('fails a waiting query with 55P03 once the holder idled IDLE_LIMIT_MS in its transaction, then lets it run after COMMIT', async () => {
  const guard = new TransactionGuard()
  const a = connect(guard).started()
  const b = connect(guard, 'app_test_1').started()
  a.fromClient([msg('Q', 'BEGIN\0')])
  a.fromServer([msg('C'), ready('T')])
  b.fromClient([msg('Q', 'SELECT 1\0')])
  await elapse(IDLE_LIMIT_MS - 10)
  expect(b.replies).toEqual([])
  await elapse(10)
  expect(b.replies.map((m) => m.type)).toEqual(['E', 'Z'])
  expect(errorOf(b.replies[0])).toEqual({
    type: 'E',
    severity: 'ERROR',
    code: '55P03',
    message:
      'pgtestbed pglite engine: gave up waiting for the session of database "app_test_1": another connection to it has been idle in a transaction for 2.0 s, ' +
      'and PGlite runs one session at a time, so no other connection can run until that one finishes. ' +
      'Commit or roll back that transaction before querying on another connection, or run these queries on one client, ' +
      'or use the embedded engine (engine: "embedded", or PGTESTBED_ENGINE=embedded), where connections are independent.',
  })
  expect(b.replies[1]?.body.toString()).toBe('I')
  expect(b.forwarded).toEqual([])
  // The client is usable: after the holder commits, its next query runs.
  a.fromClient([msg('Q', 'COMMIT\0')])
  a.fromServer([msg('C'), ready('I')])
  b.fromClient([msg('Q', 'SELECT 2\0')])
  expect(b.forwarded).toEqual(['Q'])
})

it('counts the limit from the holder’s last activity and from when the waiter came', async () => {
  const guard = new TransactionGuard()
  const a = connect(guard).started()
  const b = connect(guard).started()
  a.fromClient([msg('Q', 'BEGIN\0')])
  a.fromServer([ready('T')])
  await elapse(5_000) // idle, but nobody waits
  b.fromClient([msg('Q', 'SELECT 1\0')])
  await elapse(1_500)
  a.fromClient([msg('Q', 'UPDATE t SET n = 1\0')]) // the holder works: the clock starts again
  await elapse(3_000) // a slow statement: the holder is not idle while it runs
  a.fromServer([msg('C'), ready('T')])
  await elapse(IDLE_LIMIT_MS - 1)
  expect(b.replies).toEqual([])
  await elapse(1)
  expect(errorOf(b.replies[0]).message).toMatch(/idle in a transaction for 2\.0 s/)
})

it('answers a waiting extended-protocol batch with one error and ReadyForQuery, skipping to its Sync', async () => {
  const guard = new TransactionGuard()
  const a = connect(guard).started()
  const b = connect(guard).started()
  a.fromClient([msg('Q', 'BEGIN\0')])
  a.fromServer([ready('T')])
  b.fromClient([msg('P'), msg('B')])
  await elapse(IDLE_LIMIT_MS)
  expect(b.replies.map((m) => m.type)).toEqual(['E'])
  b.fromClient([msg('D'), msg('E'), msg('S'), msg('P')]) // skipped until the Sync, answered by Z
  expect(b.replies.map((m) => m.type)).toEqual(['E', 'Z'])
  expect(b.forwarded).toEqual([]) // the P after the Sync waits again
  a.fromClient([msg('Q', 'ROLLBACK\0')])
  a.fromServer([ready('I')])
  expect(b.forwarded).toEqual(['P'])
})

it('fails a waiting connection’s startup with a FATAL 55P03 and closes it', async () => {
  const guard = new TransactionGuard()
  const a = connect(guard).started()
  a.fromClient([msg('Q', 'BEGIN\0')])
  a.fromServer([ready('T')])
  const b = connect(guard)
  b.fromClient([startup()])
  expect(b.forwarded).toEqual([])
  await elapse(IDLE_LIMIT_MS)
  expect(b.closedWith()?.map((m) => m.type)).toEqual(['E'])
  expect(errorOf(b.closedWith()?.[0])).toMatchObject({ severity: 'FATAL', code: '55P03' })
})

it('names an open extended batch (an unfinished cursor) rather than a transaction', async () => {
  const guard = new TransactionGuard()
  const a = connect(guard).started()
  const b = connect(guard).started()
  a.fromClient([msg('P'), msg('B'), msg('D'), msg('E'), msg('H')])
  a.fromServer([msg('1'), msg('2'), msg('T'), msg('D'), msg('s')])
  b.fromClient([msg('Q', 'SELECT 1\0')])
  await elapse(IDLE_LIMIT_MS)
  expect(errorOf(b.replies[0]).message).toMatch(
    /another connection to it has left an extended-protocol batch open \(no Sync yet: an unfinished cursor\?\) for 2\.0 s, .* Close the cursor \(or finish the batch with Sync\) before querying on another connection/,
  )
})

/** Connection a holds a transaction; b, then c, wait with a query each. */
function holderAndTwoWaiters() {
  const guard = new TransactionGuard()
  const a = connect(guard).started()
  const b = connect(guard).started()
  const c = connect(guard).started()
  a.fromClient([msg('Q', 'BEGIN\0')])
  a.fromServer([ready('T')])
  b.fromClient([msg('Q', 'SELECT 1\0')])
  c.fromClient([msg('Q', 'SELECT 2\0')])
  return { a, b, c }
}

it('lets the next connection in when the holder leaves mid-transaction, in the order they came', async () => {
  const { a, b, c } = holderAndTwoWaiters()
  a.leave()
  expect(b.forwarded).toEqual(['Q'])
  expect(c.forwarded).toEqual([])
  b.fromServer([ready('I')])
  expect(c.forwarded).toEqual(['Q'])
  await elapse(10 * IDLE_LIMIT_MS)
  expect([b.replies, c.replies]).toEqual([[], []])
})

it('forgets a waiter that leaves', () => {
  const { a, b, c } = holderAndTwoWaiters()
  b.leave()
  a.fromClient([msg('Q', 'COMMIT\0')])
  a.fromServer([ready('I')])
  expect(b.forwarded).toEqual([])
  expect(c.forwarded).toEqual(['Q'])
})
