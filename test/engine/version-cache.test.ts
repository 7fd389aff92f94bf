import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { postgresVersionText } from '../../src/engine/embedded/version-cache.js'

// A stand-in binary that counts how often it is asked: the cache must spare the second ask.
const dir = mkdtempSync(join(tmpdir(), 'pgt-version-cache-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const env = { XDG_CACHE_HOME: join(dir, 'cache') }
const postgres = join(dir, 'postgres')
const asked = join(dir, 'asked')
function binary(version: string): void {
  writeFileSync(postgres, `#!/bin/sh\necho x >> ${asked}\necho "postgres (PostgreSQL) ${version}"\n`)
  chmodSync(postgres, 0o755)
}
const asks = () => readFileSync(asked, 'utf8').trim().split('\n').length

describe('the postgres --version cache', () => {
  it('asks a binary once, and again when the binary is replaced', () => {
    binary('17.10')
    expect(postgresVersionText(postgres, env)).toBe('postgres (PostgreSQL) 17.10\n')
    expect(postgresVersionText(postgres, env)).toBe('postgres (PostgreSQL) 17.10\n')
    expect(asks()).toBe(1)
    binary('18.4 (upgraded)') // another size and modification time
    expect(postgresVersionText(postgres, env)).toBe('postgres (PostgreSQL) 18.4 (upgraded)\n')
    expect(asks()).toBe(2)
  })

  it('still answers when the cache cannot be written', () => {
    binary('16.2')
    writeFileSync(join(dir, 'not-a-dir'), '')
    expect(postgresVersionText(postgres, { XDG_CACHE_HOME: join(dir, 'not-a-dir') })).toBe(
      'postgres (PostgreSQL) 16.2\n',
    )
  })
})
