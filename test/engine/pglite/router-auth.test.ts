/**
 * The pglite router's door: only the secret in the engine's URL gets in, and a client that
 * asks for TLS first is told "no" and can go on in clear text (loopback only).
 */
import { connect } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { StartedEngine } from '../../../src/engine/index.js'
import { startPglite } from '../../../src/engine/pglite/index.js'

let engine: StartedEngine
beforeAll(async () => {
  engine = await startPglite()
}, 120_000)
afterAll(() => engine?.close())

function withPassword(password: string): string {
  const url = new URL(engine.url)
  url.password = password
  return url.toString()
}

it('listens on loopback with a random password in its URL', () => {
  const url = new URL(engine.url)
  expect(url.hostname).toBe('127.0.0.1')
  expect(url.password.length).toBeGreaterThanOrEqual(20)
})

it('refuses a wrong or missing password with SQLSTATE 28P01', async () => {
  for (const password of ['wrong', '']) {
    const client = new pg.Client({ connectionString: withPassword(password), password })
    const error = await client.connect().catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: '28P01',
      message: 'password authentication failed for user "postgres"',
    })
    await client.end().catch(() => undefined)
  }
})

it('lets the right password in', async () => {
  const client = new pg.Client({ connectionString: engine.url })
  await client.connect()
  expect((await client.query('SELECT 1 + 1 AS n')).rows).toEqual([{ n: 2 }])
  await client.end()
})

it('answers an SSLRequest with N, then asks for the password', async () => {
  const socket = connect(new URL(engine.url).port as unknown as number, '127.0.0.1')
  const replies: Buffer[] = []
  socket.on('data', (chunk: Buffer) => replies.push(chunk))
  await new Promise((resolve) => socket.once('connect', resolve))
  const ssl = Buffer.alloc(8)
  ssl.writeInt32BE(8, 0)
  ssl.writeInt32BE(80877103, 4)
  socket.write(ssl)
  await until(() => Buffer.concat(replies).length >= 1)
  expect(Buffer.concat(replies).toString('latin1')).toBe('N')
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0')
  const startup = Buffer.alloc(8)
  startup.writeInt32BE(8 + params.length, 0)
  startup.writeInt32BE(196608, 4)
  socket.write(Buffer.concat([startup, params]))
  await until(() => Buffer.concat(replies).length >= 10)
  const auth = Buffer.concat(replies).subarray(1)
  // AuthenticationCleartextPassword: 'R', length 8, code 3.
  expect([String.fromCharCode(auth[0] ?? 0), auth.readInt32BE(1), auth.readInt32BE(5)]).toEqual(['R', 8, 3])
  socket.destroy()
})

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10))
}
