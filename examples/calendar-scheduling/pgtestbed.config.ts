import { defineConfig } from 'pgtestbed'

export default defineConfig({
  // golang-migrate layout: N_name.up.sql / N_name.down.sql. The ups build the template.
  migrations: 'migrations',
  // Then the data every test starts from: the current fixture version's minimal tier
  // (CI's tier jobs pick another one with PGTESTBED_TIER).
  fixtures: { dir: 'fixtures', version: 'current', tier: 'minimal' },
  // Record every test's phases and database counts under .pgtestbed/perf/ ...
  perf: true,
  // ... and hold them to the team's targets with `npx pgtestbed perf check`. "A test averages
  // under 300 ms" is `perTest`: the file's total ÷ its tests.
  perfBudgets: {
    files: {
      'test/bookings.test.ts': { perTest: 300 },
      // 7 tests, one of which waits out Graph's Retry-After: 1 on purpose: 300 ms each plus that second.
      'test/calendars.test.ts': { p50: 7 * 300 + 1000 },
      // The database checks: scratch databases, generated tiers (the performance one: 260K rows).
      'test/migrations.test.ts': { p50: 10_000 },
      'test/fixtures.test.ts': { p50: 30_000 },
    },
    suite: { p50: 60_000 },
  },
})
