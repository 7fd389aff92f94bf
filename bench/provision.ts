/**
 * Per-test provisioning cost: pgtestbed's warm pool vs on-demand clones, schema per test,
 * TRUNCATE + reseed and BEGIN/ROLLBACK, in one run on one cluster.
 *
 *   npx jiti bench/provision.ts [iterations] [test-ms]
 */
import { benchProvision } from '../src/bench/index.js'

const iterations = Number(process.argv[2] ?? 100)
const testMs = Number(process.argv[3] ?? 25)
const result = await benchProvision({
  iterations,
  testMs,
  onProgress: (what) => console.error(`measuring: ${what}`),
})
console.log(JSON.stringify(result, null, 2))
