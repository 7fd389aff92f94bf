import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    // The reliability suite kills processes on purpose and takes minutes: npm run test:reliability.
    // examples/calendar-scheduling and examples/vector-allocations are projects of their own (their
    // configs, migrations, engines): test/examples/<name>.test.ts runs each with its README's commands.
    exclude: [
      ...configDefaults.exclude,
      'test/reliability/**',
      'examples/calendar-scheduling/**',
      'examples/vector-allocations/**',
    ],
    // One embedded cluster for the whole run; tests that need their own start it themselves.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
