/**
 * Templates that survive runs: a second run of a project with a ~100 MB template, without
 * `pgtestbed up`, against the same run with the kept templates switched off (the template is
 * rebuilt). Each run is a fresh `createTestbed` on the embedded engine, as a new test run would
 * be; timed from its start until the first migrated database is in hand.
 *
 *   npx jiti bench/template-survives.ts [rounds] [megabytes]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import pg from 'pg'
import { percentiles } from '../src/internal/percentiles.js'
import { createTestbed } from '../src/public/index.js'
import { sizedProject } from './support/sized-project.js'

const rounds = Number(process.argv[2] ?? 3)
const megabytes = Number(process.argv[3] ?? 100)
const { dir: project } = sizedProject('pgt-survive-', megabytes)
const dataRoot = mkdtempSync('/dev/shm/pgt-survive-')

/** The database's size in MB, on the handed-over connection (or a new one). */
async function sizeMb(db: {
  url: string
  takeConnection(): Promise<pg.Client> | undefined
}): Promise<number> {
  const handed = await db.takeConnection()
  const client = handed ?? new pg.Client({ connectionString: db.url })
  if (handed === undefined) await client.connect()
  try {
    const { rows } = await client.query<{ mb: string }>(
      'SELECT pg_database_size(current_database()) / 1048576 AS mb',
    )
    return Number(rows[0]?.mb ?? 0)
  } finally {
    await client.end()
  }
}

/** One run: start, first database, close (ms to the first database; whether it built). */
async function run(
  cacheTemplates: boolean,
): Promise<{ ms: number; built: boolean; mb: number; engineMs: number; templateMs: number }> {
  const started = performance.now()
  const bed = await createTestbed(
    { engine: 'embedded', migrations: 'migrations', embedded: { dataRoot, cacheTemplates } },
    { cwd: project, poolSize: 1 },
  )
  try {
    const db = await bed.acquire()
    const ms = performance.now() - started
    const size = await sizeMb(db)
    await db.release()
    const { engine: engineMs, template: templateMs } = bed.timings
    return { ms, built: bed.templateBuilt, mb: size, engineMs, templateMs }
  } finally {
    await bed.close()
  }
}

try {
  const first = await run(true) // builds the template and keeps it for the next run
  const kept: number[] = []
  const phases: string[] = []
  const rebuilt: number[] = []
  let rebuiltEveryTime = true
  for (let r = 0; r < rounds; r++) {
    const again = await run(true)
    if (again.built) throw new Error('the second run rebuilt the template')
    kept.push(again.ms)
    phases.push(`engine ${Math.round(again.engineMs)} + template ${Math.round(again.templateMs)} ms`)
    const without = await run(false)
    rebuiltEveryTime &&= without.built
    rebuilt.push(without.ms)
  }
  const p50 = (xs: number[]) => Math.round(percentiles(xs).p50)
  console.log(
    JSON.stringify(
      {
        rounds,
        templateMb: first.mb,
        load: Math.round((loadavg()[0] ?? 0) * 100) / 100,
        firstRunBuildsMs: Math.round(first.ms),
        secondRunKeptP50Ms: p50(kept),
        withoutKeptTemplatesP50Ms: p50(rebuilt),
        rebuiltEveryTime,
        runsMs: { kept: kept.map(Math.round), rebuilt: rebuilt.map(Math.round) },
        keptPhases: phases,
      },
      null,
      2,
    ),
  )
} finally {
  rmSync(project, { recursive: true, force: true })
  rmSync(dataRoot, { recursive: true, force: true })
}
