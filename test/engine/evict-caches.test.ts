import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { evictStaleCaches, markCacheUsed, STALE_AFTER_MS } from '../../src/engine/embedded/evict-caches.js'

const roots: string[] = []
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

const DAY = 24 * 60 * 60 * 1000
const now = Date.parse('2026-12-06T00:00:00Z')

/** A data root holding `entries`, each last modified `ageDays` before `now`. */
function dataRoot(entries: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'pgt-evict-'))
  roots.push(root)
  for (const [name, ageDays] of Object.entries(entries)) {
    mkdirSync(join(root, name))
    writeFileSync(join(root, name, 'PG_VERSION'), '17\n')
    const at = new Date(now - ageDays * DAY)
    utimesSync(join(root, name), at, at)
  }
  return root
}

describe('evictStaleCaches', () => {
  it("removes another key's initdb and warm entries once that key is unused for 30 days", async () => {
    const root = dataRoot({
      'initdb-aaaa': 45, // another PostgreSQL version, last started 45 days ago
      'warm-aaaa-1760000000000-12': 40,
      'initdb-aaaa.first-start': 45, // the mark of its first start (see firstStartHere)
      'initdb-bbbb': 3, // another version still in use
      'warm-bbbb-1764000000000-13': 50, // old warm entry, but its key was used 3 days ago
      'initdb-cccc': 90, // the current key: never evicted here
      clusters: 400, // not a cache entry
    })
    const evicted = await evictStaleCaches(root, 'cccc', now)
    expect(evicted).toEqual(['initdb-aaaa', 'initdb-aaaa.first-start', 'warm-aaaa-1760000000000-12'])
    expect(readdirSync(root).sort()).toEqual([
      'clusters',
      'initdb-bbbb',
      'initdb-cccc',
      'warm-bbbb-1764000000000-13',
    ])
  })

  it('keeps a key whose warm entry is recent even when its initdb entry is old', async () => {
    const root = dataRoot({ 'initdb-aaaa': 60, 'warm-aaaa-1764900000000-7': 2 })
    expect(await evictStaleCaches(root, 'cccc', now)).toEqual([])
  })

  it('a start marks its key used, which keeps it past the limit', async () => {
    const root = dataRoot({ 'initdb-aaaa': 60 })
    await markCacheUsed(root, 'aaaa', new Date(now))
    expect(await evictStaleCaches(root, 'cccc', now + STALE_AFTER_MS - DAY)).toEqual([])
    expect(await evictStaleCaches(root, 'cccc', now + STALE_AFTER_MS + DAY)).toEqual(['initdb-aaaa'])
    expect(existsSync(join(root, 'initdb-aaaa'))).toBe(false)
  })

  it('a missing data root evicts nothing', async () => {
    expect(await evictStaleCaches(join(tmpdir(), 'pgt-no-such-root'), 'cccc', now)).toEqual([])
  })
})
