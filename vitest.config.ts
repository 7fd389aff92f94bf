import { existsSync, readdirSync } from 'node:fs'
import { configDefaults, defineConfig } from 'vitest/config'

// An example with its own vitest config is a project of its own (its config, migrations,
// engine): test/examples/<name>.test.ts runs it with its README's commands, so this run skips it.
const ownProjects = readdirSync('examples', { withFileTypes: true })
  .filter(
    (d) =>
      d.isDirectory() &&
      ['ts', 'mts', 'js', 'mjs'].some((x) => existsSync(`examples/${d.name}/vitest.config.${x}`)),
  )
  .map((d) => `examples/${d.name}/**`)

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    // The reliability suite kills processes on purpose and takes minutes: npm run test:reliability.
    exclude: [...configDefaults.exclude, 'test/reliability/**', ...ownProjects],
    // One embedded cluster for the whole run; tests that need their own start it themselves.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
