/**
 * The router's COPY FROM STDIN on its own: which statements it takes, the messages it writes,
 * and the order it keeps (copy-in.test.ts runs it with `pg` + pg-copy-streams against PGlite).
 */
import { expect, it } from 'vitest'
import {
  CopyIn,
  type CopyInOptions,
  copyInResponse,
  errorMessage,
  parseCopyFromStdin,
} from '../../../src/engine/pglite/copy-in.js'
import { type Message, message } from '../../../src/engine/pglite/wire.js'

const msg = (type: string, body: string | Buffer = ''): Message => {
  const raw = message(type, Buffer.isBuffer(body) ? body : Buffer.from(body))
  return { type, body: raw.subarray(5), raw }
}
const query = (sql: string): Message => msg('Q', `${sql}\0`)

const fieldsOf = (m: Message | undefined): Map<string, string> => {
  const fields = new Map<string, string>()
  for (const part of (m?.body ?? Buffer.alloc(0)).toString('utf8').split('\0'))
    if (part.length > 0) fields.set(part[0] ?? '', part.slice(1))
  return fields
}

it('takes one COPY … FROM STDIN statement, with columns, options, quotes, comments and a semicolon', () => {
  expect(parseCopyFromStdin('COPY users (id, name) FROM STDIN WITH (FORMAT csv, HEADER true)')).toEqual({
    statement: "COPY users (id, name) FROM '/dev/blob' WITH (FORMAT csv, HEADER true)",
    binary: false,
    at: 27,
    added: 6,
  })
  expect(parseCopyFromStdin(' -- load\n copy "My Schema"."from" ("to") from stdin;')?.statement).toBe(
    ` -- load\n copy "My Schema"."from" ("to") from '/dev/blob';`,
  )
  expect(parseCopyFromStdin("COPY t FROM stdin WITH (FORMAT text, DELIMITER ';', NULL '')")?.statement).toBe(
    "COPY t FROM '/dev/blob' WITH (FORMAT text, DELIMITER ';', NULL '')",
  )
  expect(parseCopyFromStdin('/* x */ COPY public.t FROM STDIN WITH (FORMAT binary)')?.binary).toBe(true)
  expect(parseCopyFromStdin('COPY t FROM STDIN BINARY')?.binary).toBe(true)
})

it('leaves every other statement alone', () => {
  for (const sql of [
    'SELECT 1',
    'COPY t TO STDOUT',
    'COPY (SELECT a FROM t) TO STDOUT',
    "COPY t FROM '/tmp/file.csv'",
    'COPY t FROM STDIN; SELECT 1',
    'BEGIN; COPY t FROM STDIN',
    'COPY t FROM stdin_table',
    "COPY t FROM STDIN WITH (DELIMITER ';",
    'COPY FROM STDIN',
  ])
    expect(parseCopyFromStdin(sql), sql).toBeUndefined()
})

it('writes CopyInResponse with the overall format and no columns, and every field of an error', () => {
  expect(copyInResponse(false).raw).toEqual(Buffer.from([0x47, 0, 0, 0, 7, 0, 0, 0]))
  expect(copyInResponse(true).raw).toEqual(Buffer.from([0x47, 0, 0, 0, 7, 1, 0, 0]))
  const fields = fieldsOf(
    errorMessage({
      severity: 'ERROR',
      code: '22P02',
      message: 'invalid input syntax for type integer: "x"',
      where: 'COPY users, line 3, column age: "x"',
      detail: 'd',
      hint: 'h',
      constraint: undefined,
    }),
  )
  expect(Object.fromEntries(fields)).toEqual({
    S: 'ERROR',
    V: 'ERROR',
    C: '22P02',
    M: 'invalid input syntax for type integer: "x"',
    W: 'COPY users, line 3, column age: "x"',
    D: 'd',
    H: 'h',
  })
})

/** A CopyIn with fake ends: what went where, in order. */
function harness(overrides: Partial<CopyInOptions> = {}) {
  const log: string[] = []
  const runs: { statement: string; data: string }[] = []
  let inTransaction = false
  const copy = new CopyIn({
    toServer: (messages) => log.push(...messages.map((m) => `server ${m.type}`)),
    toClient: (messages) => log.push(...messages.map((m) => `client ${m.type} ${m.body.toString('latin1')}`)),
    run: async (statement, data) => {
      runs.push({ statement, data: await data.text() })
      return 2
    },
    inTransaction: () => inTransaction,
    abort: async () => {
      log.push('abort')
    },
    ...overrides,
  })
  return { copy, log, runs, setTransaction: (v: boolean) => (inTransaction = v) }
}
const settle = () => new Promise((resolve) => setImmediate(resolve))

it('answers a COPY itself, runs it with the collected data, and pipes everything else', async () => {
  const { copy, log, runs } = harness()
  copy.forward([query('SELECT 1')])
  copy.forward([query('COPY t FROM STDIN')]) // waits for SELECT 1's ReadyForQuery
  expect(log).toEqual(['server Q'])
  copy.received([msg('T'), msg('D'), msg('C'), msg('Z', 'I')])
  expect(log).toEqual(['server Q', 'client G \0\0\0'])
  copy.forward([msg('d', '1\ta\n'), msg('d', '2\tb\n'), msg('c'), query('SELECT 2')])
  await settle()
  expect(runs).toEqual([{ statement: "COPY t FROM '/dev/blob'", data: '1\ta\n2\tb\n' }])
  expect(log.slice(2)).toEqual(['client C COPY 2\0', 'client Z I', 'server Q'])
})

it('reports T after a COPY in a transaction, E and the error after a failed one', async () => {
  const failing = harness({
    run: () => Promise.reject(Object.assign(new Error('boom'), { code: '22P02', where: 'COPY t, line 2' })),
  })
  failing.setTransaction(true)
  failing.copy.forward([query('COPY t FROM STDIN'), msg('d', 'x\n'), msg('c')])
  await settle()
  expect(failing.log.slice(1)).toEqual([
    expect.stringMatching(/^client E S.*Mboom.*WCOPY t, line 2/),
    'client Z E',
  ])
  const ok = harness()
  ok.setTransaction(true)
  ok.copy.forward([query('COPY t FROM STDIN'), msg('c')])
  await settle()
  expect(ok.log.slice(1)).toEqual(['client C COPY 2\0', 'client Z T'])
})

it('answers CopyFail with 57014, aborting an open transaction, and runs nothing', async () => {
  const { copy, log, runs, setTransaction } = harness()
  setTransaction(true)
  copy.forward([query('COPY t FROM STDIN'), msg('d', '1\n'), msg('f', 'stopped\0')])
  await settle()
  expect(runs).toEqual([])
  expect(log.slice(1)).toEqual([
    'abort',
    expect.stringMatching(/C57014\0MCOPY from stdin failed: stopped\0/),
    'client Z E',
  ])
})
