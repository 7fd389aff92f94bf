import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Vite's cache would otherwise make a node_modules/ here, and npx then stops finding the
  // repository's pgtestbed from this folder (a project of your own has its own node_modules).
  cacheDir: '.cache/vite',
  test: {
    // Starts PostgreSQL and builds the template (migrations + fixtures) once for all test files.
    globalSetup: ['pgtestbed/vitest/global-setup'],
    include: ['test/**/*.test.ts'],
    // Validating the generated performance tier takes a few seconds on a busy machine.
    testTimeout: 30_000,
    // Every test by name, and why one was skipped (the real-calendar test without its secrets).
    reporters: ['verbose'],
    // Perf annotations point at the test's line.
    includeTaskLocation: true,
  },
})
