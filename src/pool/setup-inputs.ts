/**
 * The files a `setup` hook reads (`setupInputs: ['seed/**']`): found by glob under the project
 * root and hashed by content, so a changed seed file gives a new template.
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'

/**
 * Hash parts for `globs` (relative to `rootDir`): each pattern, then every matching file's
 * relative path and content, in a stable order.
 *
 * @example
 * setupInputParts('/app', ['seed/**', 'data/users.csv'])
 */
export function setupInputParts(rootDir: string, globs: readonly string[]): string[] {
  const parts: string[] = []
  for (const glob of globs) {
    parts.push(`glob:${glob}`)
    for (const file of matchFiles(rootDir, glob))
      parts.push(file, readFileSync(join(rootDir, file), 'latin1'))
  }
  return parts
}

/** Files under `rootDir` whose path relative to it (with `/`) matches `glob`, sorted. */
export function matchFiles(rootDir: string, glob: string): string[] {
  const segments = posix.normalize(glob.replaceAll('\\', '/')).split('/')
  // Walk only from the pattern's literal prefix (`seed/` of `seed/**`), never the whole project.
  const literal: string[] = []
  while (segments.length > 1 && !/[*?[]/.test(segments[0] ?? '')) literal.push(segments.shift() ?? '')
  const base = literal.join('/')
  const pattern = globToRegExp(segments.join('/'))
  const found: string[] = []
  const walk = (rel: string): void => {
    let entries: string[]
    try {
      entries = readdirSync(join(rootDir, base, rel))
    } catch {
      return
    }
    for (const entry of entries) {
      const path = rel === '' ? entry : `${rel}/${entry}`
      const stat = statSync(join(rootDir, base, path), { throwIfNoEntry: false })
      if (stat?.isDirectory()) {
        if (entry !== 'node_modules' && entry !== '.git') walk(path)
      } else if (stat?.isFile() && pattern.test(path)) found.push(base === '' ? path : `${base}/${path}`)
    }
  }
  walk('')
  return found.sort()
}

/** `**` any number of folders, `*` anything within one name, `?` one character. */
function globToRegExp(glob: string): RegExp {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i)
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/'
      source += slash ? '(?:.*/)?' : '.*'
      i += slash ? 2 : 1
    } else if (c === '*') source += '[^/]*'
    else if (c === '?') source += '[^/]'
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`)
}
