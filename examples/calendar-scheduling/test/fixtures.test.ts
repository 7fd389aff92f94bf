// The versioned fixtures: each tier of the current version validates (schema, keys, orphans,
// checks/*.sql, tier sizes), the generated tiers give the same rows on every run, v1.1.0 is the
// semver bump its changes need, and its minimal data is exactly v1.0.0's migrated forward.
import { diffVersions, loadFixtures, migrateFixtures, validateFixtures } from 'pgtestbed/fixtures'
import { expect, test } from 'pgtestbed/vitest'

const here = (path: string) => new URL(`../${path}`, import.meta.url).pathname
const repo = { dir: here('fixtures') }

test.for(['minimal', 'realistic', 'performance'] as const)(
  'fixtures: the %s tier is valid',
  async (tier, { db }) => {
    // serverUrl: scratch databases are made (from the migrations) and dropped on the test's server.
    const report = await validateFixtures({
      ...repo,
      serverUrl: db.url,
      migrations: here('migrations'),
      tier,
    })
    expect(report.problems).toEqual([])
    expect(report).toMatchObject({ ok: true, version: '1.1.0' })
    expect(Object.keys(report.tables).sort()).toEqual([
      'availability_rules',
      'bookings',
      'calendar_integrations',
      'users',
    ])
  },
)

test('fixtures: the factories make the same realistic rows on every load', async ({ db }) => {
  const fingerprint = async () => {
    const { rows } = await db.query<{ users: string; bookings: string }>(
      `SELECT (SELECT md5(string_agg(concat_ws('|', id, email, name, time_zone), ',' ORDER BY id)) FROM users) AS users,
              (SELECT md5(string_agg(b::text, ',' ORDER BY id)) FROM bookings AS b) AS bookings`,
    )
    return rows[0]
  }
  // `replace`: this tier's generator writes through the factories, so every app table is emptied
  // first (migration bookkeeping stays); loading twice gives the same rows.
  const load = () => loadFixtures(db.url, { ...repo, version: 'current', tier: 'realistic', replace: true })
  expect((await load()).tables).toEqual({
    users: 2000,
    calendar_integrations: 2000,
    availability_rules: 10000,
    bookings: 6000,
  })
  const before = await fingerprint()
  await load()
  expect(await fingerprint()).toEqual(before)
})

test('fixtures: v1.0.0 → v1.1.0 is the MINOR bump it declares', async ({ db }) => {
  const diff = await diffVersions({ ...repo, serverUrl: db.url, from: '1.0.0', to: '1.1.0' })
  expect(diff).toMatchObject({ ok: true, declared: 'minor', required: 'minor' })
  expect(diff.data.map((d) => [d.table, d.status, d.added])).toEqual([['availability_rules', 'added', 50]])
})

test('fixtures: v1.1.0’s minimal data is v1.0.0’s, migrated forward', async ({ db }) => {
  const migration = await migrateFixtures({
    ...repo,
    serverUrl: db.url,
    from: '1.0.0',
    to: '1.1.0',
    check: true,
  })
  expect(migration.schemaMismatches).toEqual([])
  expect(migration.dataDifferences).toEqual([])
  expect(migration.ok).toBe(true)
})
