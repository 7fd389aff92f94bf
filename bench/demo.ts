/**
 * The README's first command after install, `npm run demo`, as a newcomer runs it: the time to
 * its first line of output and to its end, over several runs (the first-hour target: first line
 * within 1 s, the whole demo within 5 s). `npx pgtestbed demo` is timed beside it for comparison.
 *
 *   npm run build && npx jiti bench/demo.ts [runs]
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { percentiles } from '../src/internal/percentiles.js'

const runs = Number(process.argv[2] ?? 7)
const repo = fileURLToPath(new URL('..', import.meta.url))

function timed(
  cmd: string,
  args: string[],
): Promise<{ firstLine: number; total: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const t = performance.now()
    let firstLine: number | undefined
    const child = spawn(cmd, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] })
    const first = (): void => {
      firstLine ??= performance.now() - t
    }
    child.stdout.on('data', first)
    child.stderr.on('data', first)
    child.once('error', reject)
    child.once('exit', (code) =>
      resolve({ firstLine: firstLine ?? Number.NaN, total: performance.now() - t, code }),
    )
  })
}

const rows: Record<string, { firstLine: number[]; total: number[]; failed: number }> = {
  'npm run demo': { firstLine: [], total: [], failed: 0 },
  'npx pgtestbed demo': { firstLine: [], total: [], failed: 0 },
}
for (let i = 0; i < runs; i++) {
  // Interleaved, so both see the same machine load.
  for (const [name, [cmd, ...args]] of [
    ['npm run demo', ['npm', 'run', '-s', 'demo']],
    ['npx pgtestbed demo', ['npx', 'pgtestbed', 'demo']],
  ] as const) {
    const r = await timed(cmd, args)
    const row = rows[name]!
    row.firstLine.push(r.firstLine)
    row.total.push(r.total)
    if (r.code !== 0) row.failed++
  }
}
const out = Object.fromEntries(
  Object.entries(rows).map(([name, r]) => [
    name,
    { firstLineMs: percentiles(r.firstLine), totalMs: percentiles(r.total), failed: r.failed },
  ]),
)
console.log(JSON.stringify({ runs, load: (await import('node:os')).loadavg()[0], ...out }, null, 2))
