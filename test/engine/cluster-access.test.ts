import { execFile } from 'node:child_process'
import { existsSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StartedEmbedded, startEmbedded } from '../../src/engine/index.js'

const run = promisify(execFile)
const isRoot = process.getuid?.() === 0
const NOBODY = { uid: 65534, gid: 65534 }

/** psql as another OS user; resolves to its exit code and output, never rejects. */
async function psqlAs(
  user: { uid: number; gid: number } | undefined,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('psql', ['-X', '-w', ...args], {
      ...(user ?? {}),
      cwd: '/',
      env: { PATH: process.env['PATH'], ...env },
      timeout: 20_000,
    })
    return { code: 0, output: stdout + stderr }
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : 127, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}

let psqlFound = false
let server: StartedEmbedded
beforeAll(async () => {
  psqlFound = (await psqlAs(undefined, ['--version'])).code === 0
  server = await startEmbedded({})
})
afterAll(async () => {
  await server.close()
})

describe('the embedded cluster admits only its owner', () => {
  it('hands out URLs with a per-cluster password that connect', async () => {
    const url = new URL(server.url)
    expect(url.password.length).toBeGreaterThanOrEqual(24)
    const other = await startEmbedded({})
    try {
      expect(new URL(other.url).password).not.toBe(url.password)
    } finally {
      await other.close()
    }
    const client = new pg.Client({ connectionString: server.url })
    await client.connect()
    expect((await client.query('select current_user AS u')).rows).toEqual([{ u: 'postgres' }])
    await client.end()
  })

  it('refuses a TCP connection without the password, and with the cache bootstrap password', async () => {
    const url = new URL(server.url)
    const at = { host: '127.0.0.1', port: server.port, user: 'postgres', database: 'postgres' }
    await expect(new pg.Client(at).connect()).rejects.toThrow(/password/)
    const wrong = new pg.Client({ ...at, password: 'wrong' })
    await expect(wrong.connect()).rejects.toThrow(/password authentication failed/)
    const { bootstrapPassword } = await import('../../src/engine/embedded/initdb-cache.js')
    url.password = bootstrapPassword(join(server.clusterDir, 'data'))
    const bootstrap = new pg.Client({ connectionString: url.toString() })
    await expect(bootstrap.connect()).rejects.toThrow(/password authentication failed/)
  })

  it('keeps the record, the socket and the data owner-only', () => {
    const mode = (path: string): number => statSync(path).mode & 0o777
    expect(mode(server.clusterDir)).toBe(0o700)
    expect(mode(join(server.clusterDir, 'sock'))).toBe(0o700)
    expect(mode(join(server.clusterDir, 'owner.json'))).toBe(0o600)
    expect(mode(join(server.clusterDir, 'data'))).toBe(0o700)
  })

  // The probe of issue 18: as `nobody`, become superuser and run a command as the test user.
  it.runIf(isRoot)(
    'refuses another OS user over TCP and over the socket: COPY TO PROGRAM is out of reach',
    async () => {
      if (!psqlFound) return // no psql on this machine: the TCP case is covered by pg above
      const marker = `/tmp/pgt-copy-program-${process.pid}`
      rmSync(marker, { force: true })
      const copy = `COPY (SELECT 1) TO PROGRAM 'id > ${marker}'`
      const port = String(server.port)
      try {
        const tcp = await psqlAs(NOBODY, ['-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-c', copy])
        expect(tcp.code).not.toBe(0)
        expect(tcp.output).toMatch(/password|authentication/i)

        const socketDir = join(server.clusterDir, 'sock')
        const socket = await psqlAs(NOBODY, ['-h', socketDir, '-p', port, '-U', 'postgres', '-c', copy])
        expect(socket.code).not.toBe(0)
        expect(socket.output).toMatch(/Permission denied|password/i)

        // Even knowing where the socket is and being let in, the socket asks for the password too.
        const asRoot = await psqlAs(undefined, [
          '-h',
          socketDir,
          '-p',
          port,
          '-U',
          'postgres',
          '-c',
          'select 1',
        ])
        expect(asRoot.code).not.toBe(0)
        expect(asRoot.output).toMatch(/password/i)

        expect(existsSync(marker)).toBe(false)
      } finally {
        rmSync(marker, { force: true })
      }
    },
  )
})
