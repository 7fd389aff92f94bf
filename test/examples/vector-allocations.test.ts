import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exec, REPO } from '../e2e/runner-project.js'

// examples/vector-allocations as its README says to run it: the allocations half on the embedded
// engine from its folder, then the embeddings half on the pglite engine (pgvector) from
// embeddings/, and the perf check over that run's records.
const EXAMPLE = join(REPO, 'examples', 'vector-allocations')
// Nothing of this suite's own run (its server, its handoff, its engine) reaches the example.
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !k.startsWith('VITEST') && !k.startsWith('PGTESTBED_') && k !== 'DATABASE_URL',
  ),
)
const plain = { ...env, NO_COLOR: '1' }

describe('examples/vector-allocations', () => {
  it('passes with the README’s commands', async () => {
    const readme = readFileSync(join(EXAMPLE, 'README.md'), 'utf8')
    expect(readme).toContain('npx vitest run ')
    expect(readme).toContain('cd embeddings && npx vitest run && npx pgtestbed perf check ')

    const allocations = await exec('npx', ['vitest', 'run'], { cwd: EXAMPLE, env: plain, timeoutMs: 180_000 })
    expect(allocations.code, allocations.output).toBe(0)
    expect(allocations.output).toMatch(/Tests +13 passed \(13\)/)
    expect(allocations.output).toMatch(/pgtestbed perf: 13 tests recorded/)

    const dir = join(EXAMPLE, 'embeddings')
    const embeddings = await exec('npx', ['vitest', 'run'], { cwd: dir, env: plain, timeoutMs: 300_000 })
    expect(embeddings.code, embeddings.output).toBe(0)
    expect(embeddings.output).toMatch(/Tests +3 passed \(3\)/)
    expect(embeddings.output).toMatch(/pgtestbed perf: 3 tests recorded/)

    // A time budget depends on the machine: the check must cover the bulk load's record and exit
    // 0 (within) or 1 (over, the breach named) — never 2 (no record, a typo in the test's name).
    const check = await exec('npx', ['pgtestbed', 'perf', 'check', '--json'], { cwd: dir, env: plain })
    expect([0, 1], check.output).toContain(check.code)
    const report = JSON.parse(check.output.slice(check.output.indexOf('{'))) as {
      samples: number
      checked: number
      breaches: unknown[]
      notes: string[]
    }
    expect(report).toMatchObject({ samples: 1, checked: 1, notes: [] })
    expect(check.code).toBe(report.breaches.length > 0 ? 1 : 0)
  }, 540_000)
})
