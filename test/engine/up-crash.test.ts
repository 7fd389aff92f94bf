import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { inspectUpCluster, reapClusters, upClusterDir } from '../../src/engine/index.js'
import { isProcessAlive } from '../../src/internal/process-alive.js'
import { postmasterPid, runUntilCrash, waitForExit } from '../support/crash.js'
import { runCli } from '../support/run-cli.js'
import { tempProject } from '../support/temp-project.js'

const dataRoot = mkdtempSync('/dev/shm/pgt-upcrash-')
const project = tempProject({
  'pgtestbed.config.json': JSON.stringify({ migrations: false, embedded: { dataRoot } }),
})
const cwd = project.dir
afterAll(async () => {
  await runCli(['down'], { cwd })
  await reapClusters(dataRoot)
  rmSync(dataRoot, { recursive: true, force: true })
  project.remove()
})

/** `pgtestbed up` SIGKILLed after its postmaster started, before the postmaster was recorded. */
async function killUpMidStart(): Promise<number> {
  const crashed = await runUntilCrash(['up'], { cwd, crashAt: 'embedded:spawned' })
  expect(crashed.signal).toBe('SIGKILL')
  const pid = postmasterPid(join(upClusterDir(cwd, dataRoot), 'data'))
  expect(isProcessAlive(pid)).toBe(true)
  expect(inspectUpCluster(cwd, dataRoot)).toMatchObject({ kind: 'abandoned', postmasterPid: pid })
  return pid
}

describe('pgtestbed up killed while it starts the cluster', () => {
  it('status names the leftover; the next up reaps it and starts a working cluster', async () => {
    const orphan = await killUpMidStart()
    const status = await runCli(['status', '--json'], { cwd })
    expect(status.code).toBe(1)
    expect(status.json()).toMatchObject({ running: false })
    expect(String(status.json()['error'])).toContain(
      `a killed \`pgtestbed up\` left a server (pid ${orphan})`,
    )

    const up = await runCli(['up', '--json'], { cwd })
    expect(up.code).toBe(0)
    expect(up.json()).toMatchObject({ alreadyRunning: false, reapedAbandoned: true })
    expect(await waitForExit(orphan)).toBe(true)
    const after = await runCli(['status', '--json'], { cwd })
    expect(after.json()).toMatchObject({ running: true, url: up.json()['url'] })
    expect((await runCli(['down'], { cwd })).stdout).toContain('stopped')
  })

  it('down stops the leftover server and says so', async () => {
    const orphan = await killUpMidStart()
    const down = await runCli(['down', '--json'], { cwd })
    expect(down.json()).toMatchObject({ stopped: true, abandoned: true })
    expect(await waitForExit(orphan)).toBe(true)
    expect(existsSync(upClusterDir(cwd, dataRoot))).toBe(false)
    expect((await runCli(['down'], { cwd })).stdout).toContain('nothing was running')
  })

  it('the reaper of any later start removes it', async () => {
    const orphan = await killUpMidStart()
    const reaped = await reapClusters(dataRoot)
    expect(reaped).toEqual([upClusterDir(cwd, dataRoot)])
    expect(await waitForExit(orphan)).toBe(true)
    expect(inspectUpCluster(cwd, dataRoot).kind).toBe('none')
  })

  it('killed before it wrote anything but its claim: the next up takes over at once', async () => {
    const crashed = await runUntilCrash(['up'], { cwd, crashAt: 'up:claimed' })
    expect(crashed.signal).toBe('SIGKILL')
    expect(inspectUpCluster(cwd, dataRoot)).toMatchObject({ kind: 'abandoned', postmasterPid: undefined })
    const up = await runCli(['up', '--json'], { cwd })
    expect(up.json()).toMatchObject({ alreadyRunning: false, reapedAbandoned: true })
    expect((await runCli(['down', '--json'], { cwd })).json()).toMatchObject({ stopped: true })
  })
})
