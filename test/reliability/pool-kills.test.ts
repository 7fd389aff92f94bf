import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reapClusters, type StartedEmbedded, startEmbedded } from '../../src/engine/index.js'
import { sleep } from '../../src/internal/process-alive.js'
import { createTestbed } from '../../src/public/index.js'
import { uniquePrefix } from '../support/temp-project.js'
import {
  killAfterLines,
  pick,
  processesUnder,
  segmentsOf,
  suiteRandom,
  tempDataRoot,
  Watch,
} from './support.js'

const DIST = fileURLToPath(new URL('../../dist/public/index.js', import.meta.url))
const root = tempDataRoot()
const watch = new Watch(root)
const random = suiteRandom('template builds and acquire loops')
const prefixes = [uniquePrefix(), uniquePrefix()]
let server: StartedEmbedded
let admin: pg.Client

beforeAll(async () => {
  server = await startEmbedded({ dataRoot: root })
  admin = new pg.Client({ connectionString: server.url })
  admin.on('error', () => undefined)
  await admin.connect()
})
afterAll(async () => {
  await admin.end().catch(() => undefined)
  await server.close()
  await reapClusters(root)
  rmSync(root, { recursive: true, force: true })
})

/** A testbed config whose template differs per `version`. */
function configSource(prefix: string, version: number): string {
  return `{ engine: 'url', url: ${JSON.stringify(server.url)}, prefix: '${prefix}', migrations: false, pool: { size: 2 },
    setup: async (db) => { await db.query('CREATE TABLE v${version} (id int)') } }`
}

async function databases(prefix: string): Promise<{ name: string; template: boolean }[]> {
  const { rows } = await admin.query<{ name: string; template: boolean }>(
    'SELECT datname AS name, datistemplate AS template FROM pg_database WHERE datname LIKE $1 ORDER BY 1',
    [`${prefix}\\_%`],
  )
  return rows
}

/** Starts and closes a testbed (its start reaps) until only complete templates are left (bounded). */
async function expectOnlyTemplates(prefix: string, version: number): Promise<void> {
  const config = new Function(`return ${configSource(prefix, version)}`)()
  for (let i = 0; i < 10; i++) {
    const bed = await createTestbed(config)
    await bed.close()
    if ((await databases(prefix)).every((d) => d.template)) break
    await sleep(100)
  }
  const left = await databases(prefix)
  expect(left.filter((d) => !d.template).map((d) => d.name)).toEqual([])
  expect(left.length).toBeLessThanOrEqual(3)
}

describe('reliability: SIGKILL of template builds and acquire loops', () => {
  it('template builds killed at random points leave nothing once the next run starts', async () => {
    for (let version = 1; version <= 3; version++) {
      await Promise.all(
        prefixes.map(async (prefix) => {
          const point = pick(random, ['template:building', 'template:renamed'])
          console.log(`[reliability] ${prefix} v${version}: kill the template build at ${point}`)
          const printed = await killAfterLines(
            `import { createTestbed } from ${JSON.stringify(DIST)}
             const bed = await createTestbed(${configSource(prefix, version)})
             console.log('built')`,
            1,
            { PGTESTBED_CRASH_AT: point },
          )
          expect(printed).toEqual([])
        }),
      )
    }
    for (const prefix of prefixes) await expectOnlyTemplates(prefix, 4)
  })

  it('acquire/release loops killed at random points leave no database (4 processes, 2 prefixes)', async () => {
    const runs = prefixes.flatMap((prefix) => [prefix, prefix])
    await Promise.all(
      runs.map(async (prefix, i) => {
        const cycles = 1 + Math.floor(random() * 40)
        const crash = random() < 0.5 ? `pool:cloned#${cycles}` : ''
        console.log(
          `[reliability] loop ${i} (${prefix}): kill ${crash ? `at ${crash}` : `after ${cycles} cycles`}`,
        )
        await killAfterLines(
          `import pg from 'pg'
           import { createTestbed } from ${JSON.stringify(DIST)}
           const bed = await createTestbed(${configSource(prefix, 4)})
           for (let i = 0; i < 1000; i++) {
             const db = await bed.acquire()
             const c = new pg.Client({ connectionString: db.url })
             await c.connect(); await c.query('SELECT 1'); await c.end()
             await db.release()
             console.log(i)
           }`,
          cycles,
          { PGTESTBED_CRASH_AT: crash },
        )
        watch.look()
      }),
    )
    for (const prefix of prefixes) await expectOnlyTemplates(prefix, 4)
  })

  it('the server stops without leaving a process or a shared memory segment', async () => {
    watch.look()
    await admin.end()
    await server.close()
    for (let i = 0; i < 250 && processesUnder(root).length > 0; i++) await sleep(20)
    expect(processesUnder(root)).toEqual([])
    expect(segmentsOf(watch.seen)).toEqual([])
  })
})
