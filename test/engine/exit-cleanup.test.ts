import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { sleep } from '../../src/internal/process-alive.js'
import { waitForExit } from '../support/crash.js'

const DIST = fileURLToPath(new URL('../../dist/public/index.js', import.meta.url))

/** The System V shared memory ids that exist now (Linux). */
function sysvSegments(): Set<string> {
  const lines = readFileSync('/proc/sysvipc/shm', 'utf8').trim().split('\n').slice(1)
  return new Set(lines.map((line) => line.trim().split(/\s+/)[1] ?? ''))
}

describe.runIf(existsSync('/proc/sysvipc/shm'))('a process that exits without close()', () => {
  it('stops its cluster so PostgreSQL removes its shared memory segment', async () => {
    const dataRoot = mkdtempSync('/dev/shm/pgt-exit-')
    try {
      const child = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `
          import { readFileSync } from 'node:fs'
          import { createTestbed } from ${JSON.stringify(DIST)}
          const bed = await createTestbed({ engine: 'embedded', migrations: false, embedded: { dataRoot: ${JSON.stringify(dataRoot)} } })
          const lines = readFileSync(bed.engine.clusterDir + '/data/postmaster.pid', 'utf8').split('\\n')
          console.log(JSON.stringify({ pid: bed.engine.postmasterPid, shmid: lines[6].trim().split(/\\s+/)[1], dir: bed.engine.clusterDir }))
          process.exit(0)
        `,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      )
      let out = ''
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
      })
      const code = await new Promise((resolve) => child.once('exit', resolve))
      expect(code).toBe(0)
      const info = JSON.parse(out) as { pid: number; shmid: string; dir: string }
      expect(info.shmid).toMatch(/^\d+$/)
      expect(await waitForExit(info.pid)).toBe(true)
      // The segment goes when the last process detaches; PostgreSQL's own exit removes it (bounded
      // wait). 30 s: the pool's backends run at nice 19, and on a loaded 2-core machine (the whole
      // suite running) one was seen still detaching after 10 s.
      for (let i = 0; i < 1500 && sysvSegments().has(info.shmid); i++) await sleep(20)
      expect(sysvSegments().has(info.shmid)).toBe(false)
      expect(existsSync(info.dir)).toBe(false)
    } finally {
      rmSync(dataRoot, { recursive: true, force: true })
    }
  })
})
