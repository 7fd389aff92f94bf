// The mock is a package of its own (@pgtestbed/mock, packages/mock): pgtestbed runs without it
// and says how to install it when a mock command needs it; the published pgtestbed carries no
// mock code and no mock-only dependency; the mock imports nothing of pgtestbed.
import { execFile } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../../', import.meta.url))
const NOT_INSTALLED = (command: string) =>
  `pgtestbed: Failed to run \`pgtestbed ${command}\`: the mock server and OAuth rotation are a separate package, @pgtestbed/mock, which is not installed. Install it next to pgtestbed: npm install -D @pgtestbed/mock\n`

/**
 * An install of pgtestbed as a user gets it: its built files (copied: Node resolves packages
 * from a file's real path) and its dependencies, with or without @pgtestbed/mock.
 */
function installedPgtestbed(withMock: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgtestbed-mock-split-'))
  const project = join(dir, 'node_modules', 'pgtestbed')
  mkdirSync(project, { recursive: true })
  for (const part of ['dist', 'bin', 'package.json'])
    cpSync(join(root, part), join(project, part), { recursive: true })
  const modules = join(root, 'node_modules')
  for (const name of readdirSync(modules)) {
    if (name.startsWith('.') || name === '@pgtestbed') continue
    symlinkSync(join(modules, name), join(dir, 'node_modules', name))
  }
  if (withMock) {
    mkdirSync(join(dir, 'node_modules', '@pgtestbed'))
    symlinkSync(join(root, 'packages/mock'), join(dir, 'node_modules', '@pgtestbed', 'mock'))
  }
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n')
  return dir
}

async function cli(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = join(dir, 'node_modules/pgtestbed/bin/pgtestbed.js')
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd: dir,
      env: { ...process.env },
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('pgtestbed without @pgtestbed/mock', () => {
  let dir: string
  beforeAll(() => {
    dir = installedPgtestbed(false)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('mock serve exits 2 saying how to install the mock', async () => {
    const result = await cli(dir, ['mock', 'serve', '--port', '0'])
    expect(result).toEqual({ code: 2, stdout: '', stderr: NOT_INSTALLED('mock serve') })
  })

  it('mock check, mock schema and oauth rotate say the same, with a stable code under --json', async () => {
    expect(await cli(dir, ['mock', 'check', '--dir', '.'])).toMatchObject({
      code: 2,
      stderr: NOT_INSTALLED('mock check'),
    })
    const schema = await cli(dir, ['mock', 'schema', '--json'])
    expect(schema.code).toBe(2)
    expect(JSON.parse(schema.stdout)).toEqual({
      ok: false,
      error: {
        code: 'PGT_MOCK_NOT_INSTALLED',
        message: NOT_INSTALLED('mock schema')
          .replace(/^pgtestbed: /, '')
          .trimEnd(),
        fix: 'Install it next to pgtestbed: npm install -D @pgtestbed/mock',
      },
    })
    const rotate = await cli(dir, [
      'oauth',
      'rotate',
      '--token-url',
      'http://127.0.0.1:1/token',
      '--client-id',
      'app',
      '--refresh-token',
      'r',
    ])
    expect(rotate).toMatchObject({ code: 2, stderr: NOT_INSTALLED('oauth rotate') })
  })

  it('still lists and explains the mock commands (help needs no mock code)', async () => {
    const top = await cli(dir, ['--help'])
    expect(top.code).toBe(0)
    expect(top.stdout).toContain('mock serve')
    const help = await cli(dir, ['mock', 'serve', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--packs')
  })
})

describe('pgtestbed with @pgtestbed/mock installed', () => {
  let dir: string
  beforeAll(() => {
    dir = installedPgtestbed(true)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('runs the mock commands from the package', async () => {
    const schema = await cli(dir, ['mock', 'schema', '--json'])
    expect(schema.code).toBe(0)
    expect(JSON.parse(schema.stdout)).toMatchObject({ title: 'pgtestbed mock stub file' })
  })

  it('reports a mock error with its code, like its own errors', async () => {
    const result = await cli(dir, ['mock', 'serve', '--port', '0', '--packs', 'nope', '--json'])
    expect(result.code).toBe(2)
    expect(JSON.parse(result.stdout).error.code).toBe('PGT_MOCK_UNKNOWN_PACK')
  })
})

describe('the split', () => {
  it('pgtestbed/mock and pgtestbed/oauth are @pgtestbed/mock (the same functions and classes)', async () => {
    const [viaRoot, direct] = [await import('pgtestbed/mock'), await import('@pgtestbed/mock')]
    expect(viaRoot.startMockServer).toBe(direct.startMockServer)
    expect(viaRoot.MockError).toBe(direct.MockError)
    expect((await import('pgtestbed/oauth')).rotateRefreshToken).toBe(
      (await import('@pgtestbed/mock/oauth')).rotateRefreshToken,
    )
  })

  it('the published pgtestbed has no mock code and no mock-only dependency', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    })
    const [info] = JSON.parse(stdout) as { files: { path: string }[] }[]
    const files = info?.files.map((f) => f.path) ?? []
    expect(files).toContain('dist/public/mock.js') // the re-export
    expect(files.filter((f) => /^(dist\/(mock|oauth)|packages)\//.test(f))).toEqual([])
    const pgtestbed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    const mock = JSON.parse(readFileSync(join(root, 'packages/mock/package.json'), 'utf8'))
    expect(Object.keys(pgtestbed.dependencies)).not.toContain('tweetnacl')
    expect(Object.keys(pgtestbed.dependencies)).not.toContain('blakejs')
    expect(pgtestbed.peerDependenciesMeta['@pgtestbed/mock']).toEqual({ optional: true })
    expect(pgtestbed.peerDependencies['@pgtestbed/mock']).toBe(`^${mock.version}`)
  }, 120_000)

  it('the mock imports nothing of pgtestbed', () => {
    const src = join(root, 'packages/mock/src')
    const outside: string[] = []
    const visit = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name)
        if (entry.isDirectory()) visit(path)
        else if (entry.name.endsWith('.ts')) {
          for (const m of readFileSync(path, 'utf8').matchAll(/^(?:import|export)[^'\n]*from '([^']+)'/gm)) {
            const target = m[1] ?? ''
            const escapes = target.startsWith('.') && relative(src, join(folder, target)).startsWith('..')
            if (escapes || /^pgtestbed(\/|$)/.test(target)) outside.push(`${relative(root, path)}: ${target}`)
          }
        }
      }
    }
    visit(src)
    expect(outside).toEqual([])
  })
})
