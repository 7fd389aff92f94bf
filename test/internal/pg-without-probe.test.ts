import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// A fresh process (as a test file's worker is), on the built code: what loading pg through
// src/internal/pg.ts leaves behind.
const pgModule = fileURLToPath(new URL('../../dist/internal/pg.js', import.meta.url))

function inFreshProcess(script: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
  return JSON.parse(out)
}

describe('pg without its runtime probe', () => {
  it('loads pg without loading the fetch implementation, and leaves no navigator behind', () => {
    const seen = inFreshProcess(`
      const hadNavigator = 'navigator' in globalThis
      const { default: pg } = await import(${JSON.stringify(pgModule)})
      const { createRequire } = await import('node:module')
      const required = createRequire(${JSON.stringify(pgModule)})('pg')
      const { default: imported } = await import('pg')
      console.log(JSON.stringify({
        hadNavigator,
        navigatorAfter: 'navigator' in globalThis,
        undiciLoaded: process.moduleLoadList.some((m) => m.includes('undici')),
        sameAsRequire: pg === required,
        sameAsImport: pg === imported,
        hasClient: typeof pg.Client === 'function',
      }))
    `)
    expect(seen.sameAsRequire).toBe(true)
    expect(seen.sameAsImport).toBe(true)
    expect(seen.hasClient).toBe(true)
    // Node 21 and later have a navigator of their own (and a cheap probe): nothing to check there.
    if (seen.hadNavigator === false) {
      expect(seen.navigatorAfter).toBe(false)
      expect(seen.undiciLoaded).toBe(false)
    }
  })

  it('still connects: the socket pg chose is a Node socket', () => {
    const seen = inFreshProcess(`
      const { default: pg } = await import(${JSON.stringify(pgModule)})
      const client = new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 2000 })
      const error = await client.connect().then(() => undefined, (e) => e)
      console.log(JSON.stringify({ code: error?.code }))
    `)
    expect(seen.code).toBe('ECONNREFUSED')
  })
})
