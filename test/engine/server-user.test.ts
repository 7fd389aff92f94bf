import { execFile } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { startEmbedded } from '../../src/engine/index.js'

const DIST = fileURLToPath(new URL('../../dist/public/index.js', import.meta.url))
const isRoot = process.getuid?.() === 0

/** Whether any user can reach and read `file` (every parent directory world-traversable). */
function worldReadable(file: string): boolean {
  const parts = file.split('/').filter(Boolean)
  for (let i = 1; i <= parts.length; i++) {
    const path = `/${parts.slice(0, i).join('/')}`
    const mode = statSync(path).mode
    if ((mode & (i === parts.length ? 0o004 : 0o001)) === 0) return false
  }
  return true
}

describe('who the embedded server runs as', () => {
  it('as root, runs the server as an unprivileged user that owns the data directory', async () => {
    const server = await startEmbedded({})
    try {
      const { readFileSync, statSync } = await import('node:fs')
      const uid = statSync(`${server.clusterDir}/data`).uid
      const status = readFileSync(`/proc/${server.postmasterPid}/status`, 'utf8')
      const runsAs = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1])
      expect(runsAs).toBe(uid)
      if (isRoot) expect(runsAs).not.toBe(0)
      else expect(runsAs).toBe(process.getuid?.())
    } finally {
      await server.close()
    }
  })

  // Without root we are the normal user already, and every other test covers that case. The
  // child runs as `nobody`, who must be able to read this checkout (not so under /root).
  it.runIf(isRoot && worldReadable(DIST))('as a normal user, runs the server as that user', async () => {
    const root = mkdtempSync('/dev/shm/pgt-user-')
    chownSync(root, 65534, 65534)
    try {
      const script = `
        import { startEmbedded } from ${JSON.stringify(DIST)}
        const server = await startEmbedded({ dataRoot: ${JSON.stringify(root)} })
        const { readFileSync } = await import('node:fs')
        const uid = /^Uid:\\s+(\\d+)/m.exec(readFileSync('/proc/' + server.postmasterPid + '/status', 'utf8'))[1]
        console.log(JSON.stringify({ me: process.getuid(), server: Number(uid), version: server.serverVersion }))
        await server.close()
      `
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        uid: 65534,
        gid: 65534,
        cwd: '/tmp',
      })
      expect(JSON.parse(stdout)).toMatchObject({ me: 65534, server: 65534 })
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  // As root, binaries under a private directory (a checkout in /root) are out of the server
  // user's reach; the engine copies them somewhere it can run them.
  it.runIf(isRoot)('as root, runs binaries the server user cannot reach from a readable copy', async () => {
    const { cpSync, mkdtempSync: temp, chmodSync } = await import('node:fs')
    const { dirname, join } = await import('node:path')
    const { findBinaries } = await import('../../src/engine/index.js')
    const installed = dirname(findBinaries({}).binDir)
    const hidden = temp('/root/pgt-private-')
    chmodSync(hidden, 0o700)
    try {
      cpSync(installed, join(hidden, 'pg'), { recursive: true, verbatimSymlinks: true })
      const server = await startEmbedded({ binDir: join(hidden, 'pg', 'bin') })
      try {
        expect(server.binaries.binDir.startsWith(hidden)).toBe(false)
        expect(server.serverVersionNum).toBeGreaterThan(0)
      } finally {
        await server.close()
      }
    } finally {
      rmSync(hidden, { recursive: true, force: true })
    }
  })

  // The check runs the binary as the server user; a yes is kept until something it depends on
  // changes (here: the directory's mode).
  it.runIf(isRoot)('keeps a yes of "may the server user run it" until a permission changes', async () => {
    const { chmodSync, mkdirSync, readdirSync, writeFileSync } = await import('node:fs')
    const { canRun, serverUser } = await import('../../src/engine/embedded/server-user.js')
    const dir = mkdtempSync('/dev/shm/pgt-reach-')
    try {
      const env = { XDG_CACHE_HOME: `${dir}/cache` }
      mkdirSync(`${dir}/pg/bin`, { recursive: true })
      chmodSync(dir, 0o755)
      writeFileSync(`${dir}/pg/bin/postgres`, '#!/bin/sh\nexit 0\n', { mode: 0o755 })
      const user = serverUser()
      expect(canRun(`${dir}/pg/bin/postgres`, user, env)).toBe(true)
      expect(readdirSync(`${dir}/cache/pgtestbed/runs-as`)).toHaveLength(1)
      expect(canRun(`${dir}/pg/bin/postgres`, user, env)).toBe(true)
      chmodSync(`${dir}/pg`, 0o700) // out of the server user's reach now
      expect(canRun(`${dir}/pg/bin/postgres`, user, env)).toBe(false)
      chmodSync(`${dir}/pg`, 0o755)
      expect(canRun(`${dir}/pg/bin/postgres`, user, env)).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
