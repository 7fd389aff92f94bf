/**
 * `pgtestbed up` from nothing (no cached data directory: initdb runs) and from the cached data
 * directory, as whole CLI processes, alternated so both see the same machine load.
 *
 *   npm run build && npx jiti bench/startup.ts [rounds]
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { percentiles } from '../src/internal/percentiles.js'

const rounds = Number(process.argv[2] ?? 7)
const cli = fileURLToPath(new URL('../bin/pgtestbed.js', import.meta.url))
const project = mkdtempSync(join(tmpdir(), 'pgt-startup-'))
const dataRoot = mkdtempSync('/dev/shm/pgt-startup-')
const env = { ...process.env, PGTESTBED_ENGINE: 'embedded' }
const config = join(project, 'pgtestbed.config.json')
const { writeFileSync } = await import('node:fs')
writeFileSync(config, JSON.stringify({ embedded: { dataRoot } }))

function timed(args: string[]): number {
  const t = performance.now()
  execFileSync(process.execPath, [cli, ...args], { cwd: project, env, stdio: 'ignore' })
  return performance.now() - t
}
function inProcessMs(): number {
  const out = execFileSync(process.execPath, [cli, 'up', '--json'], { cwd: project, env, encoding: 'utf8' })
  return (JSON.parse(out) as { ms: number }).ms
}

const cold: number[] = []
const cached: number[] = []
const coldInner: number[] = []
const cachedInner: number[] = []
const nodeStart: number[] = []
for (let i = 0; i < rounds; i++) {
  for (const entry of readdirSync(dataRoot))
    if (entry.startsWith('initdb-')) rmSync(join(dataRoot, entry), { recursive: true })
  cold.push(timed(['up']))
  timed(['down'])
  for (const entry of readdirSync(dataRoot))
    if (entry.startsWith('initdb-')) rmSync(join(dataRoot, entry), { recursive: true })
  coldInner.push(inProcessMs())
  timed(['down'])
  cached.push(timed(['up']))
  timed(['down'])
  cachedInner.push(inProcessMs())
  timed(['down'])
  nodeStart.push(timed(['up', '--help']))
}
rmSync(project, { recursive: true, force: true })
rmSync(dataRoot, { recursive: true, force: true })
console.log(
  JSON.stringify(
    {
      rounds,
      upFromNothing: { process: percentiles(cold), inProcess: percentiles(coldInner) },
      upCached: { process: percentiles(cached), inProcess: percentiles(cachedInner) },
      cliStartOnly: percentiles(nodeStart), // node + the up command's modules, printing help
    },
    null,
    2,
  ),
)
