import { readFileSync } from 'node:fs'
import { defineConfig } from 'pgtestbed'

// The embeddings half: the pglite engine (PostgreSQL in WASM with pgvector), the only engine here
// with the `vector` extension. Same allocations schema as the other half (../migrations), then
// embeddings.sql adds the vector table and its HNSW index to the template.
export default defineConfig({
  engine: 'pglite',
  migrations: '../migrations',
  setup: async (db) => {
    await db.query(readFileSync(new URL('./embeddings.sql', import.meta.url), 'utf8'))
  },
  // Its contents are part of the template's hash: editing it rebuilds the template.
  setupInputs: ['embeddings.sql'],
  // A PGlite database is a WASM instance of ~200 MB: keep one warm clone, not a pool of them.
  pool: { size: 1 },
  // Record every test (phase times only on pglite: no statement counts) for `pgtestbed perf check`.
  perf: true,
  perfBudgets: {
    // The bulk load of 2,000 × 32 (with the HNSW index maintained), in single-threaded WASM on a
    // busy 2-core CI machine, with a wide margin: a budget catches a load gone quadratic, not noise.
    tests: { 'test/embeddings.test.ts > bulk-loads 2,000 embeddings in batches of 500': { p50: 60_000 } },
  },
})
