import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Vite's cache would otherwise make a node_modules/ here, and npx then stops finding the
  // repository's pgtestbed from this folder (a project of your own has its own node_modules).
  cacheDir: '.cache/vite',
  test: {
    // Starts the pglite engine (this folder's pgtestbed.config.ts) and builds the template once.
    globalSetup: ['pgtestbed/vitest/global-setup'],
    include: ['test/**/*.test.ts'],
    // A new PGlite database takes seconds (WASM, single-threaded), and so does the bulk load.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One PGlite instance per database in one process: one file at a time is plenty.
    fileParallelism: false,
    reporters: ['verbose'],
    includeTaskLocation: true,
  },
})
