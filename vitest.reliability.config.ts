import { defineConfig } from 'vitest/config'

// The reliability suite (npm run test:reliability): SIGKILLs at seeded random points, then checks
// that nothing is left behind. Separate from `npm test`: it is slower and kills processes on purpose.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One file at a time: each scans the machine's processes for leftovers of its own data root.
    fileParallelism: false,
  },
})
