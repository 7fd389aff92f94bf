import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { reapClusters } from '../../src/engine/index.js'
import { isProcessAlive, sleep } from '../../src/internal/process-alive.js'
import { createTestbed } from '../../src/public/index.js'
import { waitForExit } from '../support/crash.js'
import { serverUrl } from '../support/scratch-database.js'
import { uniquePrefix } from '../support/temp-project.js'

const DIST = fileURLToPath(new URL('../../dist/public/index.js', import.meta.url))

/** Runs `script` in a child node process, waits for its first stdout line (JSON), then SIGKILLs it. */
async function killAfterFirstLine(script: string): Promise<Record<string, string | number>> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })
  const first = await new Promise<string>((resolve) => lines.once('line', resolve))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
  return JSON.parse(first) as Record<string, string | number>
}

describe('a test process killed with SIGKILL mid-run', () => {
  it('leaves an embedded cluster that the next run stops and removes', async () => {
    const dataRoot = mkdtempSync('/dev/shm/pgt-crash-')
    try {
      const info = await killAfterFirstLine(`
        import { createTestbed } from ${JSON.stringify(DIST)}
        const bed = await createTestbed({ engine: 'embedded', migrations: false, embedded: { dataRoot: ${JSON.stringify(dataRoot)} } })
        await bed.acquire()
        console.log(JSON.stringify({ clusterDir: bed.engine.clusterDir, pid: bed.engine.postmasterPid }))
        setInterval(() => {}, 1000)
      `)
      // SIGKILL runs no exit handler: the postmaster is orphaned until someone reaps it.
      expect(isProcessAlive(Number(info['pid']))).toBe(true)
      const reaped = await reapClusters(dataRoot)
      expect(reaped).toEqual([info['clusterDir']])
      // Stopped; init reaps the exited postmaster (until then it is a zombie: waited, bounded).
      expect(await waitForExit(Number(info['pid']))).toBe(true)
      expect(existsSync(String(info['clusterDir']))).toBe(false)
    } finally {
      rmSync(dataRoot, { recursive: true, force: true })
    }
  })

  it('leaves databases on a shared server that the next run drops', async () => {
    const prefix = uniquePrefix()
    const info = await killAfterFirstLine(`
      import { createTestbed } from ${JSON.stringify(DIST)}
      const bed = await createTestbed({ engine: 'url', url: ${JSON.stringify(serverUrl())}, prefix: '${prefix}', migrations: false, pool: { size: 2 } })
      const db = await bed.acquire()
      console.log(JSON.stringify({ name: db.name }))
      setInterval(() => {}, 1000)
    `)
    const admin = new pg.Client({ connectionString: serverUrl() })
    await admin.connect()
    const ours = async (): Promise<string[]> =>
      (
        await admin.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname LIKE $1 AND NOT datistemplate`,
          [`${prefix}\\_r%`],
        )
      ).rows.map((r) => r.datname)
    expect(await ours()).toContain(info['name'])
    // The server drops the dead session's liveness lock when it sees the socket close; a next
    // run then reaps. Retry a few runs in case the server has not noticed yet (bounded).
    for (let i = 0; i < 20 && (await ours()).length > 0; i++) {
      const bed = await createTestbed({
        engine: 'url',
        url: serverUrl(),
        prefix,
        migrations: false,
        pool: { size: 1 },
      })
      await bed.close()
      if ((await ours()).length > 0) await sleep(50)
    }
    expect(await ours()).toEqual([])
    await admin.end()
  })
})
