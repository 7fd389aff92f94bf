/**
 * docs/mock-packs.md promises that each row of its SDK table is a test of that SDK at that version.
 * This keeps the promise: the version cell is what node_modules holds, and the test files the row
 * names exist and run the SDK. The checker is also run on doctored copies of the table, so it is
 * known to catch a stale version, a missing file and a file that does not use the SDK.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkSdkTable, readSdkTable } from './sdk-table.js'

const FILE = 'docs/mock-packs.md'
const markdown = readFileSync(FILE, 'utf8')
const check = {
  file: FILE,
  testRoot: resolve('packages/mock/test/mock'),
  moduleRoots: [resolve('packages/mock'), resolve('.')],
}

describe(`${FILE}: the SDK compatibility table`, () => {
  it('has a row for each official SDK the packs are tested with', () => {
    expect([...new Set(readSdkTable(markdown).map((r) => r.pkg))].sort()).toEqual([
      '@googleapis/calendar',
      '@microsoft/microsoft-graph-client',
      'google-auth-library',
      'openid-client',
    ])
  })

  it('every row: version = the installed version, and its tests exist and run that SDK', () => {
    expect(checkSdkTable(markdown, check)).toEqual([])
  })

  it('reports a version that differs from node_modules, naming the row', () => {
    const stale = markdown.replace('| 16.0.0 |', '| 15.9.9 |')
    const problems = checkSdkTable(stale, check)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(
      /^docs\/mock-packs\.md:\d+: row "`@googleapis\/calendar`": the table says @googleapis\/calendar 15\.9\.9, node_modules has 16\.0\.0 — update/,
    )
  })

  it('reports a test file that does not exist, and one that does not use the SDK', () => {
    const doctored = markdown
      .replace('no insecure flag | `packs/https-sdks.test.ts` |', 'no insecure flag | `packs/gone.test.ts` |')
      .replace('`packs/oauth2*.test.ts`, `secrets-sdk.test.ts`', '`packs/throttle.test.ts`')
    const problems = checkSdkTable(doctored, check)
    expect(problems).toEqual([
      expect.stringMatching(
        /row "`openid-client` over http": packs\/throttle\.test\.ts has no test that uses openid-client — point the row/,
      ),
      expect.stringMatching(
        /row "`openid-client` over `--https`": no test file matches packs\/gone\.test\.ts .* fix the Test cell$/,
      ),
    ])
  })

  it('reports a missing table instead of passing on nothing', () => {
    const problems = checkSdkTable(markdown.replace('## What the official SDKs need', '## Renamed'), check)
    expect(problems).toEqual([expect.stringContaining('no "## What the official SDKs need" table')])
  })
})
