import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  newestWarmDataDir,
  pruneWarmDataDirs,
  saveWarmDataDir,
  takeWarmDataDir,
} from '../../src/engine/embedded/warm-data-cache.js'

// The cache's file moves on a scratch folder (no server: what is kept is the directory layout).
const roots: string[] = []
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})
function scratch(): string {
  const root = mkdtempSync(join(tmpdir(), 'pgt-warm-'))
  roots.push(root)
  return root
}
function stoppedCluster(root: string, name: string): string {
  const dir = join(root, name)
  mkdirSync(dir)
  writeFileSync(join(dir, 'PG_VERSION'), '17\n')
  return dir
}

describe('kept data directories', () => {
  it('an entry appears complete or not at all, and is taken by exactly one run', async () => {
    const root = scratch()
    const entry = await saveWarmDataDir(root, 'k1', stoppedCluster(root, 'run-a'), 'secret', undefined)
    expect(newestWarmDataDir(root, 'k1')).toBe(entry)
    expect(existsSync(join(entry, 'PG_VERSION'))).toBe(true)
    const [first, second] = await Promise.all([
      takeWarmDataDir(root, 'k1', join(root, 'run-b')),
      takeWarmDataDir(root, 'k1', join(root, 'run-c')),
    ])
    expect([first, second].sort()).toEqual([false, true])
    // The taken directory loses its mark until it is put back.
    const taken = first ? join(root, 'run-b') : join(root, 'run-c')
    expect(readdirSync(taken)).not.toContain('pgtestbed-warm-complete')
    expect(newestWarmDataDir(root, 'k1')).toBeUndefined()
  })

  it('removes an unmarked entry once past the grace period (it was never usable), keeps a fresh one', async () => {
    const root = scratch()
    const old = join(root, `warm-k2-${Date.now() - 120_000}-1`)
    const fresh = join(root, `warm-k2-${Date.now()}-2`)
    mkdirSync(old)
    mkdirSync(fresh)
    await pruneWarmDataDirs(root, 'k2')
    expect(existsSync(old)).toBe(false)
    expect(existsSync(fresh)).toBe(true)
  })

  it('a failed save leaves no entry behind', async () => {
    const root = scratch()
    // The data directory is missing: the mark cannot be written, nothing is renamed.
    await expect(saveWarmDataDir(root, 'k3', join(root, 'gone'), 'secret', undefined)).rejects.toThrow()
    expect(readdirSync(root).filter((n) => n.startsWith('warm-'))).toEqual([])
  })
})
