import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    // The reliability suite kills processes on purpose and takes minutes: npm run test:reliability.
    // examples/calendar-scheduling is a project of its own (its config, migrations, fixtures):
    // test/examples/calendar-scheduling.test.ts runs it with its README's commands.
    exclude: [...configDefaults.exclude, 'test/reliability/**', 'examples/calendar-scheduling/**'],
    // One embedded cluster for the whole run; tests that need their own start it themselves.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
