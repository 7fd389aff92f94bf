/**
 * `postgres --version` costs ~20–30 ms (the binary loads its libraries) on every start; its
 * answer is kept per binary, keyed by path, size, inode and modification time, so a replaced or
 * upgraded binary is asked again. Kept beside the fetched builds, owner-only. A cache that cannot
 * be read or written is skipped: the binary is asked.
 * @module
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { digest } from '../../internal/hash.js'
import { cacheHome } from './fetch-binaries.js'

/** What `postgres --version` prints for this binary (throws when it cannot run). */
export function postgresVersionText(postgres: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = join(cacheHome(env), 'versions')
  let file: string | undefined
  try {
    const st = statSync(postgres)
    file = join(dir, `${digest([postgres, String(st.size), String(st.ino), String(st.mtimeMs)])}.txt`)
    return readFileSync(file, 'utf8')
  } catch {
    // not asked yet
  }
  const text = execFileSync(postgres, ['--version'], { encoding: 'utf8', timeout: 10_000 })
  if (file !== undefined) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      writeFileSync(file, text, { mode: 0o600 })
    } catch {
      // a read-only home: ask again next time
    }
  }
  return text
}
