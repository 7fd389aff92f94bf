import { defineConfig } from 'pgtestbed'

// The allocations half: the default embedded engine, a real PostgreSQL server (several sessions,
// row locks, isolation levels, a TCP port for the fault proxy). The embeddings half has its own
// config in embeddings/ (engine pglite, for pgvector).
export default defineConfig({
  // golang-migrate layout: N_name.up.sql / N_name.down.sql. The ups build the template.
  migrations: 'migrations',
  // Record every test's phases and database counts under .pgtestbed/perf/.
  perf: true,
})
