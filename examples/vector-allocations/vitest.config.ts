import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Vite's cache would otherwise make a node_modules/ here, and npx then stops finding the
  // repository's pgtestbed from this folder (a project of your own has its own node_modules).
  cacheDir: '.cache/vite',
  test: {
    // Starts PostgreSQL (embedded) and builds the template from migrations/ once for all files.
    globalSetup: ['pgtestbed/vitest/global-setup'],
    include: ['test/**/*.test.ts'],
    reporters: ['verbose'],
    includeTaskLocation: true,
  },
})
