import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, inject, it } from 'vitest'

const run = promisify(execFile)

/** The fenced ```js blocks of a markdown file, with the heading they stand under. */
function jsBlocks(markdown: string): { heading: string; code: string }[] {
  const blocks: { heading: string; code: string }[] = []
  let heading = ''
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '')
    if (line.trim() !== '```js') continue
    const end = lines.indexOf('```', i + 1)
    blocks.push({ heading, code: lines.slice(i + 1, end).join('\n') })
    i = end
  }
  return blocks
}

// Snippets are written inside the package so `import … from 'pgtestbed'` resolves to this
// package by self-reference, as it does for a user who installed it.
const dir = mkdtempSync(join(process.cwd(), '.snippets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const readme = readFileSync('README.md', 'utf8')

describe("the README's JavaScript snippets run on this Node", () => {
  it.each(jsBlocks(readme).map((b) => [b.heading, b.code]))('%s: valid syntax', async (heading, code) => {
    const file = join(dir, `${heading.replace(/\W+/g, '-')}.mjs`)
    writeFileSync(file, code)
    await expect(run(process.execPath, ['--check', file])).resolves.toBeDefined()
  })

  it('Library: acquires a database and closes the testbed', async () => {
    const block = jsBlocks(readme).find((b) => b.heading === 'Library')
    expect(block).toBeDefined()
    const file = join(dir, 'library.mjs')
    const check = 'console.log(JSON.stringify({ closed: true }))'
    writeFileSync(file, `${block?.code}\n${check}\n`)
    const { stdout } = await run(process.execPath, [file], {
      cwd: dir,
      env: { ...process.env, PGTESTBED_ENGINE: 'url', DATABASE_URL: inject('serverUrl') },
    })
    expect(JSON.parse(stdout.trim())).toEqual({ closed: true })
  })
})
