import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A throwaway project folder with the given files (path → content); remove() deletes it. */
export function tempProject(files: Record<string, string>): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'pgtestbed-proj-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A unique database-name prefix per test, so tests sharing one server never see each other. */
export function uniquePrefix(): string {
  return `t${Math.random().toString(36).slice(2, 9)}`
}
