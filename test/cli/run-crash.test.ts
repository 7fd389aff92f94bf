import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { reapClusters } from '../../src/engine/index.js'
import { isProcessAlive } from '../../src/internal/process-alive.js'
import { BIN, waitForExit } from '../support/crash.js'
import { tempProject } from '../support/temp-project.js'

const dataRoot = mkdtempSync('/dev/shm/pgt-runcrash-')
const project = tempProject({
  'pgtestbed.config.json': JSON.stringify({ migrations: false, embedded: { dataRoot } }),
})
afterAll(async () => {
  await reapClusters(dataRoot)
  rmSync(dataRoot, { recursive: true, force: true })
  project.remove()
})

describe('pgtestbed run -- CMD killed with SIGKILL', () => {
  it('takes CMD and what CMD started with it', async () => {
    // CMD prints its own pid and a background grandchild's, then waits.
    const run = spawn(process.execPath, [BIN, 'run', '--', 'sh', '-c', 'sleep 600 & echo "$$ $!"; wait'], {
      cwd: project.dir,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: run.stdout }).once('line', resolve),
    )
    const [cmd, grandchild] = line.split(' ').map(Number) as [number, number]
    expect(isProcessAlive(cmd) && isProcessAlive(grandchild)).toBe(true)
    const exited = new Promise((resolve) => run.once('exit', resolve))
    run.kill('SIGKILL')
    await exited
    expect(await waitForExit(cmd)).toBe(true)
    expect(await waitForExit(grandchild)).toBe(true)
    // The run's own cluster is the reaper's (its owner is dead).
    expect(await reapClusters(dataRoot)).toHaveLength(1)
  })
})
