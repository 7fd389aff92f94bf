import { createServer, connect as netConnect, type Server } from 'node:net'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { waitForServer } from '../../src/ci/index.js'
import { freePort } from '../../src/internal/free-port.js'
import { runCli } from '../support/run-cli.js'
import { serverUrl } from '../support/scratch-database.js'

const withPort = (url: string, port: number): string => {
  const u = new URL(url)
  u.port = String(port)
  return u.toString()
}

/** A TCP relay to the real server that starts listening only after `delayMs` (a booting container). */
async function lateServer(delayMs: number): Promise<{ url: string; close(): void }> {
  const target = new URL(serverUrl())
  const port = await freePort()
  let server: Server | undefined
  const timer = setTimeout(() => {
    server = createServer((socket) => {
      const upstream = netConnect(Number(target.port), target.hostname)
      socket.pipe(upstream).pipe(socket)
      socket.on('error', () => upstream.destroy())
      upstream.on('error', () => socket.destroy())
    }).listen(port, '127.0.0.1')
  }, delayMs)
  return {
    url: withPort(serverUrl(), port),
    close: () => {
      clearTimeout(timer)
      server?.close()
    },
  }
}

describe('pgtestbed wait', () => {
  it('returns at once for a ready server', async () => {
    const result = await runCli(['wait', '--url', serverUrl(), '--json'], { cwd: process.cwd() })
    expect(result.code).toBe(0)
    expect(result.json()).toMatchObject({ attempts: 1 })
    expect(result.stdout).not.toContain(new URL(serverUrl()).password || '\u0000')
  })

  it('keeps trying until a server that starts late accepts connections', async () => {
    const late = await lateServer(600)
    try {
      const result = await waitForServer(late.url, { timeoutMs: 30_000, intervalMs: 100 })
      expect(result.attempts).toBeGreaterThan(1)
    } finally {
      late.close()
    }
  })

  it('says the server never accepted connections, with a non-zero exit', async () => {
    const url = withPort(serverUrl(), await freePort())
    const result = await runCli(['wait', '--url', url, '--timeout', '0.5'], { cwd: process.cwd() })
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('did not accept connections within 0.5 s')
    expect(result.stderr).toContain('raise --timeout')
  })

  describe('a role that may not create databases', () => {
    const admin = new pg.Client({ connectionString: serverUrl() })
    const role = `wait_nocreate_${process.pid}`
    afterAll(async () => {
      await admin.query(`DROP ROLE IF EXISTS ${role}`)
      await admin.end()
    })

    it('says the server answers but the role lacks CREATEDB', async () => {
      await admin.connect()
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw' NOCREATEDB`)
      const u = new URL(serverUrl())
      u.username = role
      u.password = 'pw'
      const result = await runCli(['wait', '--timeout', '0.5'], {
        cwd: process.cwd(),
        env: { DATABASE_URL: u.toString() },
      })
      expect(result.code).not.toBe(0)
      expect(result.stderr).toContain(
        'accepts connections, but after 0.5 s the role still may not create databases',
      )
      expect(result.stderr).not.toContain(':pw@')
    })
  })

  it('asks for a URL when there is none', async () => {
    const result = await runCli(['wait'], { cwd: process.cwd(), env: {} })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('pass --url URL or set DATABASE_URL')
  })
})
