import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRunDir, readWaitSamples, removeRunDir, writeWaitSample } from '../../src/pool/run-dir.js'

describe('the run directory', () => {
  it('is private, carries the wait samples, and goes away', () => {
    const dir = createRunDir()
    try {
      expect(statSync(dir).mode & 0o777).toBe(0o700)
      const sample = { size: 2, acquired: 10, waits: [4, 5], clones: [20], recycled: 9 }
      expect(writeWaitSample(dir, sample)).toBe(true)
      expect(writeWaitSample(dir, { ...sample, acquired: 3 })).toBe(true)
      writeFileSync(join(dir, 'waits-junk.json'), '{"size": "two"}')
      expect(
        readWaitSamples(dir)
          .map((s) => s.acquired)
          .sort(),
      ).toEqual([10, 3])
    } finally {
      removeRunDir(dir)
    }
    expect(existsSync(dir)).toBe(false)
  })

  it('reads a damaged or missing note as none, and a write to a missing directory fails quietly', () => {
    const dir = createRunDir()
    writeFileSync(join(dir, 'waits-1.json'), '{"not": "a sample"')
    expect(readWaitSamples(dir)).toEqual([])
    removeRunDir(dir)
    expect(readWaitSamples(dir)).toEqual([])
    expect(writeWaitSample(dir, { size: 1, acquired: 1, waits: [], clones: [] })).toBe(false)
  })
})

describe('run directories left behind', () => {
  it('are removed when the process exits without closing, and by the next run when it was killed', () => {
    // A process that makes one and exits without removing it (as after `process.exit()`).
    const made = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `import { createRunDir } from '${RUN_DIR}'; console.log(createRunDir())`],
      { encoding: 'utf8' },
    ).trim()
    expect(made).toMatch(/pgtestbed-run-\d+-/)
    expect(existsSync(made)).toBe(false)
    // One a killed process left (its pid is gone), and one of a live process.
    const dead = join(tmpdir(), `pgtestbed-run-${deadPid()}-xxxxxx`)
    const alive = join(tmpdir(), `pgtestbed-run-${process.ppid}-yyyyyy`)
    mkdirSync(dead)
    mkdirSync(alive)
    try {
      const dir = createRunDir()
      expect(existsSync(dead)).toBe(false)
      expect(existsSync(alive)).toBe(true)
      removeRunDir(dir)
    } finally {
      rmSync(dead, { recursive: true, force: true })
      rmSync(alive, { recursive: true, force: true })
    }
  })
})

// The built module (npm test builds first), as a separate process imports it.
const RUN_DIR = new URL('../../dist/pool/run-dir.js', import.meta.url).href

/** A pid no process has now (a child that has exited and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  return child.pid as number
}
