import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { reapClusters } from '../../src/engine/index.js'
import { isProcessAlive, sleep } from '../../src/internal/process-alive.js'
import { tempProject } from '../support/temp-project.js'
import { cli, pick, processesUnder, segmentsOf, suiteRandom, tempDataRoot, Watch } from './support.js'

const root = tempDataRoot()
const watch = new Watch(root)
const random = suiteRandom('up and run')
const projects = [1, 2].map((n) =>
  tempProject({
    'pgtestbed.config.json': JSON.stringify({ embedded: { dataRoot: root }, pool: { size: 1 } }),
    'migrations/001.sql': `CREATE TABLE t${n} (id int PRIMARY KEY);`,
  }),
)
afterAll(async () => {
  for (const p of projects) await cli(['down'], { cwd: p.dir })
  await reapClusters(root)
  rmSync(root, { recursive: true, force: true })
  for (const p of projects) p.remove()
})

/** Live `sh`/`sleep` processes carrying `mark` in their environment: a run's command and its children. */
function marked(mark: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim()
      if (comm !== 'sh' && comm !== 'sleep') continue
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').includes(`PGT_REL_MARK=${mark}`)) continue
      if (isProcessAlive(Number(entry))) pids.push(Number(entry))
    } catch {
      // gone
    }
  }
  return pids
}

async function until(check: () => boolean, steps = 250): Promise<boolean> {
  for (let i = 0; i < steps && !check(); i++) await sleep(20)
  return check()
}

/** Nothing of ours is left: no server process, no shared memory segment, no cluster directory. */
async function expectClean(): Promise<void> {
  await reapClusters(root)
  expect(await until(() => processesUnder(root).length === 0)).toBe(true)
  expect(segmentsOf(watch.seen)).toEqual([])
  expect(readdirSync(join(root, 'clusters'))).toEqual([])
}

describe('reliability: SIGKILL of up and run', () => {
  it('up killed at random points of its start: the next up starts a working cluster', async () => {
    for (let round = 0; round < 2; round++) {
      await Promise.all(
        projects.map(async ({ dir }) => {
          const point = pick(random, ['up:claimed', 'embedded:spawned', 'embedded:recorded'])
          console.log(`[reliability] round ${round}: kill up at ${point}`)
          const killed = await cli(['up'], { cwd: dir, crashAt: point })
          expect(killed.signal).toBe('SIGKILL')
          watch.look()
          const again = await cli(['up', '--json'], { cwd: dir })
          expect(again.code).toBe(0)
          watch.look()
          const status = await cli(['status', '--json'], { cwd: dir })
          expect(JSON.parse(status.stdout)).toMatchObject({ running: true })
          expect((await cli(['down'], { cwd: dir })).code).toBe(0)
        }),
      )
    }
    await expectClean()
  })

  it('run killed at random points: its command dies with it and the next start reaps its cluster', async () => {
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        projects.map(async ({ dir }) => {
          const mark = randomBytes(6).toString('hex')
          const how = pick(random, ['pool:cloned', 'run:started', 'outside'])
          const delay = Math.floor(random() * 300)
          console.log(
            `[reliability] round ${round}: kill run at ${how}${how === 'outside' ? ` +${delay} ms` : ''}`,
          )
          const args = ['run', '--', 'sh', '-c', 'sleep 600 & sleep 600 & wait']
          const env = { PGT_REL_MARK: mark }
          if (how === 'outside') {
            let runPid = 0
            const running = cli(args, { cwd: dir, env, onSpawn: (pid) => (runPid = pid) })
            expect(await until(() => marked(mark).length === 3)).toBe(true)
            await sleep(delay)
            watch.look()
            process.kill(runPid, 'SIGKILL')
            expect((await running).signal).toBe('SIGKILL')
          } else {
            const killed = await cli(args, { cwd: dir, env, crashAt: how })
            expect(killed.signal).toBe('SIGKILL')
          }
          watch.look()
          expect(await until(() => marked(mark).length === 0)).toBe(true)
        }),
      )
    }
    await expectClean()
  })

  it('parallel up and run in one project and across projects', async () => {
    const results = await Promise.all(
      projects.flatMap(({ dir }) => [
        cli(['up', '--json'], { cwd: dir }),
        cli(['up', '--json'], { cwd: dir }),
        cli(['run', '--', 'sh', '-c', 'test -n "$DATABASE_URL"'], { cwd: dir }),
        cli(['run', '--', 'sh', '-c', 'test -n "$DATABASE_URL"'], { cwd: dir }),
      ]),
    )
    watch.look()
    expect(results.map((r) => r.code)).toEqual(results.map(() => 0))
    for (const { dir } of projects) {
      const ups = results
        .filter((r) => r.stdout.startsWith('{'))
        .map((r) => JSON.parse(r.stdout) as { url: string })
      expect(new Set(ups.map((u) => u.url)).size).toBe(2)
      expect((await cli(['down'], { cwd: dir })).code).toBe(0)
    }
    await expectClean()
  })
})
