/**
 * A user's install: the packed tarball into a new project with install scripts off (npm 11's
 * `allowScripts` may keep the binaries' postinstall from running), then the demo from its bin.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempProject } from '../support/temp-project.js'
import { exec, REPO } from './runner-project.js'

const app = tempProject({ 'package.json': '{ "name": "app", "type": "module", "private": true }' })
afterAll(() => app.remove())

beforeAll(async () => {
  // dist/ is built by `npm test` before vitest runs; skip `prepare` so packing does not rebuild.
  const pack = await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', app.dir, '--silent'], {
    cwd: REPO,
    timeoutMs: 120_000,
  })
  expect(pack.code, pack.output).toBe(0)
  const tarball = readdirSync(app.dir).find((f) => f.endsWith('.tgz'))
  const install = await exec(
    'npm',
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', `./${tarball}`],
    { cwd: app.dir, timeoutMs: 240_000 },
  )
  expect(install.code, install.output).toBe(0)
}, 300_000)

describe('the packed package, installed with install scripts off', () => {
  it('runs the demo from its bin: binaries found, symlinks the postinstall would make recreated', async () => {
    const bin = join(app.dir, 'node_modules', '.bin', 'pgtestbed')
    expect(existsSync(bin)).toBe(true)
    const demo = await exec(process.execPath, [bin, 'demo', '--json'], {
      cwd: app.dir,
      env: { DATABASE_URL: '', PGTESTBED_ENGINE: '' },
      timeoutMs: 120_000,
    })
    expect(demo.code, demo.output).toBe(0)
    expect(demo.output).toContain('"passed": 7')
  }, 180_000)
})
