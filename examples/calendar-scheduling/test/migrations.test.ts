// The migrations themselves, on scratch databases of the test's server: every up, the whole down
// chain, each step's round trip (up, down, same schema, up), the migrated schema against the
// current fixtures' schema.sql, v1.0.0's data carried through migration 4, and the linter.
import { lintMigrations, readMigrations, testMigrations } from 'pgtestbed/migrations'
import { expect, test } from 'pgtestbed/vitest'

const here = (path: string) => new URL(`../${path}`, import.meta.url).pathname

test('migrations: up, down, round trip, no drift, v1.0.0 data preserved', async ({ db }) => {
  const set = await readMigrations(here('migrations'))
  const report = await testMigrations(set, {
    server: db.url, // any URL whose role may create databases: they are made and dropped here
    checks: ['up', 'down', 'roundtrip', 'drift', 'preserve'],
    declared: here('fixtures/versions/v1.1.0/schema.sql'),
    preserve: {
      at: '3_bookings',
      fixtures: { dir: here('fixtures'), version: '1.0.0', tier: 'minimal' },
      assertions: [here('test/checks/v1.0.0-data-survives.sql')],
    },
  })
  expect(report.format).toBe('golang-migrate')
  expect(report.migrations).toEqual([
    '1_users',
    '2_calendar_integrations',
    '3_bookings',
    '4_availability_rules',
  ])
  for (const [name, check] of Object.entries(report.checks)) expect(check, name).toMatchObject({ ok: true })
  expect(report.ok).toBe(true)
})

test('migrations: the linter finds nothing dangerous', async () => {
  const lint = await lintMigrations(await readMigrations(here('migrations')))
  expect(lint.findings).toEqual([])
  expect(lint.scripts).toBe(4)
})
