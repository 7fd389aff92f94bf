/**
 * Soak: 10,000 acquire/release cycles across 4 worker processes on one server and template, with
 * workers SIGKILLed at random (seeded) moments and replaced, as crashed test workers would be.
 * Then a fresh start reaps, and it counts what is left: databases, sessions, server processes and
 * shared memory segments outside the running cluster (target 0 each). RSS growth per 1,000 cycles
 * is measured in each worker that ran at least 2,000 cycles (from its cycle 500 on).
 *
 *   npm run build && npx jiti bench/soak.ts [total-cycles] [seed]
 */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { keyedStream } from '../src/internal/seeded-random.js'
import { createTestbed } from '../src/public/index.js'

const total = Number(process.argv[2] ?? 10_000)
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31)
const random = keyedStream(seed)
const PROCESSES = 4
const PROGRESS = 10
const project = fileURLToPath(new URL('../examples/bookings', import.meta.url))
const worker = fileURLToPath(new URL('./cycle-worker.mjs', import.meta.url))
const bed = await createTestbed({ engine: 'embedded' }, { cwd: project, poolSize: 0 })
const started = performance.now()

let done = 0
let kills = 0
const rssPer1000: number[] = []

/** One worker: runs until done, or until it is killed after `killAt` cycles; returns its cycles. */
function runWorker(killAt: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [worker, bed.engine.url, bed.config.runId, String(total), String(PROGRESS)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const rss: { i: number; rss: number }[] = []
    let mine = 0
    createInterface({ input: child.stdout }).on('line', (line) => {
      const p = JSON.parse(line) as { i?: number; rss?: number }
      if (p.i === undefined || p.rss === undefined) return
      rss.push({ i: p.i, rss: p.rss })
      mine = p.i
      done += PROGRESS
      if (done >= total || mine >= killAt) {
        if (mine >= killAt && done < total) kills++
        child.kill('SIGKILL')
      }
    })
    child.once('exit', () => {
      const from = rss.find((r) => r.i >= 500)
      const to = rss.at(-1)
      if (from && to && to.i >= 2000) rssPer1000.push(((to.rss - from.rss) / (to.i - from.i)) * 1000)
      resolve()
    })
  })
}

async function slot(): Promise<void> {
  // A kill after 200-4,000 cycles: most slots are killed once or twice over the run.
  while (done < total) await runWorker(200 + Math.floor(random() * 3800))
}
await Promise.all(Array.from({ length: PROCESSES }, slot))
const wall = performance.now() - started

// The next start reaps what the killed workers left (their liveness locks are gone with them).
const next = await createTestbed(
  { engine: 'url', url: bed.engine.url, runId: `${bed.config.runId}x` },
  { cwd: project, poolSize: 0 },
)
await next.close()
const admin = new pg.Client({ connectionString: bed.engine.url })
await admin.connect()
const { rows } = await admin.query<{ dbs: number; sessions: number }>(
  `SELECT (SELECT count(*)::int FROM pg_database WHERE datname LIKE $1 AND NOT datistemplate) AS dbs,
          (SELECT count(*)::int FROM pg_stat_activity WHERE datname LIKE $1) AS sessions`,
  [`${bed.config.prefix}\\_%`],
)
await admin.end()
const engine = bed.engine as { postmasterPid?: number }
const postmaster = engine.postmasterPid ?? 0
await bed.close()
// After close: no process the postmaster created, and no System V segment it created, remains.
const segments = readFileSync('/proc/sysvipc/shm', 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .filter((l) => Number(l.trim().split(/\s+/)[4]) === postmaster).length
const orphans = countChildrenOf(postmaster)
const sorted = [...rssPer1000].sort((a, b) => a - b)
const kb = (b: number | undefined): number | null => (b === undefined ? null : Math.round(b / 1024))
console.log(
  JSON.stringify(
    {
      seed,
      processes: PROCESSES,
      cycles: done,
      workersKilled: kills,
      wallMs: Math.round(wall),
      leakedDatabases: rows[0]?.dbs ?? -1,
      leftoverSessions: rows[0]?.sessions ?? -1,
      leakedSharedMemorySegments: segments,
      orphanedServerProcesses: orphans,
      rssGrowthKbPer1000Cycles: {
        workers: sorted.length,
        median: kb(sorted[Math.floor(sorted.length / 2)]),
        max: kb(sorted.at(-1)),
      },
    },
    null,
    2,
  ),
)

function countChildrenOf(pid: number): number {
  let n = 0
  for (const entry of readdirSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (after[0] !== 'Z' && (Number(entry) === pid || Number(after[1]) === pid)) n++
    } catch {
      // gone
    }
  }
  return n
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}
