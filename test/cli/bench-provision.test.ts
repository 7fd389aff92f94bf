import { describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.js'

const figure = { p50: expect.any(Number), p95: expect.any(Number) }

describe('pgtestbed bench provision', () => {
  it('prints every method with p50/p95, ratios, the machine and the server (shape only: no timing asserted)', async () => {
    const result = await runCli(
      ['bench', 'provision', '--iterations', '2', '--pglite-iterations', '1', '--json'],
      {
        cwd: process.cwd(),
        env: { PATH: process.env['PATH'] },
      },
    )
    expect(result.code).toBe(0)
    // Progress: a line per measured method on stderr (not a TTY here).
    expect(result.stderr).toMatch(/^pgtestbed: measuring: .+…$/m)
    const data = result.json()
    for (const key of [
      'acquire',
      'ready',
      'readyNewConnection',
      'readyTests0ms',
      'acquireTests0ms',
      'acquireTests0msNoPreconnect',
      'clone',
      'schemaPerTest',
      'truncateReseed',
      'rollback',
    ]) {
      expect(data[key], key).toEqual(figure)
    }
    expect(Object.keys(data['ratios'] as object)).toEqual(
      expect.arrayContaining(['acquire', 'ready', 'clone', 'schemaPerTest', 'truncateReseed', 'rollback']),
    )
    expect((data['ratios'] as Record<string, number>)['acquire']).toBe(1)
    expect(data['testMs']).toEqual(expect.any(Number))
    expect(data['warmAtAcquire']).toEqual({ tests: expect.any(Number), tests0ms: expect.any(Number) })
    expect(data['machine']).toMatchObject({ cpus: expect.any(Number), node: process.version })
    expect(data['server']).toMatchObject({ engine: 'embedded', version: expect.stringMatching(/^\d+\.\d+/) })
    // The pglite engine in the same run, beside the embedded engine.
    expect(data['pglite']).toEqual({
      iterations: 1,
      startMs: expect.any(Number),
      ready: figure,
      clone: figure,
      readyRatio: expect.any(Number),
      cloneRatio: expect.any(Number),
    })
  }, 240_000)

  it('refuses a bad --iterations value with exit code 2', async () => {
    const result = await runCli(['bench', 'provision', '--iterations', 'lots'], { cwd: process.cwd() })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/Invalid value for --iterations: "lots"; it must be a positive integer/)
    const pglite = await runCli(['bench', 'provision', '--pglite-iterations', 'some'], { cwd: process.cwd() })
    expect(pglite.code).toBe(2)
    expect(pglite.stderr).toMatch(
      /Invalid value for --pglite-iterations: "some"; it must be a whole number \(0 skips/,
    )
  })
})
