/**
 * Loads `pg` without its runtime probe, before anything else imports it (see `pg.ts`).
 *
 * On Node 20, pg asks at load whether it runs on Cloudflare Workers by touching the global
 * `Response`, and that one touch loads Node's whole fetch implementation (undici): 13–17 ms of
 * every test file's start on this machine, more than the rest of pg (docs/benchmarks.md, "Per-file
 * overhead"). A `navigator` that is not Cloudflare's answers the probe first. It exists only for
 * the synchronous `require`, so no other code can see it. Node 21 and later define `navigator`
 * themselves, and then nothing is done here.
 * @module
 */
import { createRequire } from 'node:module'

if (!('navigator' in globalThis)) {
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: 'Node.js' },
    configurable: true,
  })
  try {
    createRequire(import.meta.url)('pg')
  } finally {
    delete (globalThis as { navigator?: unknown }).navigator
  }
}
