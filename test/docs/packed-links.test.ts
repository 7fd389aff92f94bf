import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
let packed: Set<string>

beforeAll(async () => {
  // What `npm pack` would put in the tarball (the same file list, without writing it).
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    maxBuffer: 64 * 1024 * 1024,
  })
  const [info] = JSON.parse(stdout) as { files: { path: string }[] }[]
  packed = new Set(info?.files.map((f) => f.path))
}, 120_000)

/** Relative link targets of a markdown file, resolved against the file's folder. */
function relativeLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => (m[1] ?? '').split('#')[0] ?? '')
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target))
    .map((target) => normalize(join(dirname(file), target)).replace(/\/$/, ''))
}

describe('the published package', () => {
  it('ships the README, the docs it links to, and a LICENSE', () => {
    expect(packed.has('README.md')).toBe(true)
    expect(packed.has('LICENSE')).toBe(true)
    expect(packed.has('docs/benchmarks.md')).toBe(true)
  })

  it('every relative link in the packed markdown resolves inside the tarball', () => {
    const markdown = [...packed].filter((p) => p.endsWith('.md'))
    const broken: string[] = []
    for (const file of markdown) {
      for (const target of relativeLinks(file)) {
        const found = packed.has(target) || [...packed].some((p) => p.startsWith(`${target}/`))
        if (!found) broken.push(`${file} → ${target}`)
      }
    }
    expect(broken).toEqual([])
  })
})
