// The app's store on a pg.Pool of the test's own database, closed after the test.
import pg from 'pg'
import { test as base, expect } from 'pgtestbed/vitest'
import { createAllocations } from '../src/allocations.js'

export { expect }

export const test = base.extend<{
  allocations: ReturnType<typeof createAllocations>
  /** The store on a pool at another URL (the fault proxy's), closed after the test. */
  allocationsAt: (url: string, options?: pg.PoolConfig) => ReturnType<typeof createAllocations>
}>({
  allocations: async ({ db }, use) => {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 })
    await use(createAllocations(pool))
    await pool.end()
  },
  allocationsAt: async ({ task: _ }, use) => {
    const pools: pg.Pool[] = []
    await use((url, options) => {
      const pool = new pg.Pool({ connectionString: url, max: 2, ...options })
      // A pool's idle client whose connection dies emits 'error'; the app logs it, no crash.
      pool.on('error', () => undefined)
      pools.push(pool)
      return createAllocations(pool)
    })
    await Promise.all(pools.map((p) => p.end()))
  },
})
