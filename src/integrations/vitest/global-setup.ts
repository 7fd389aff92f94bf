/**
 * Vitest globalSetup: prepares the server and template once per run and hands workers what
 * they need to attach (`inject('pgtestbed')`).
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['pgtestbed/vitest/global-setup'] } })
 * @module
 */

import { finishPerfAtTeardown } from '../../perf/index.js'
import type { RunHandoff } from '../../pool/handoff.js'
import { createTestbed, type Testbed } from '../../pool/index.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgtestbed: RunHandoff
  }
}

/** The slice of vitest's TestProject we use (vitest is an optional peer). */
interface Provider {
  provide(key: 'pgtestbed', value: RunHandoff): void
}

let bed: Testbed | undefined

export default async function setup(project: Provider): Promise<() => Promise<void>> {
  const url = process.env['PGTESTBED_URL']
  const runId = process.env['PGTESTBED_RUN_ID']
  bed = await createTestbed(undefined, {
    poolSize: 0,
    ...(url !== undefined && runId !== undefined ? { attach: { url, runId } } : {}),
  })
  project.provide('pgtestbed', bed.handoff)
  return async () => {
    await bed?.close()
    finishPerfAtTeardown(process.env, process.cwd(), bed?.config.perf)
  }
}
