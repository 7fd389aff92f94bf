/**
 * jest's globalSetup / globalTeardown for pgtestbed: start (or attach to) the server and build
 * the template once per run, before jest forks its workers, and hand workers the server through
 * PGTESTBED_URL / PGTESTBED_RUN_ID and the run's handoff in PGTESTBED_HANDOFF (workers inherit the
 * environment, and attach on the lean path: `pg` and the pool only).
 * @module
 */
import { finishPerfAtTeardown } from '../perf/run-hooks.js'
import { createTestbed, HANDOFF_ENV, type Testbed } from '../pool/index.js'

// globalSetup and globalTeardown are separate modules run in jest's main process: the testbed
// crosses between them on the global object, as jest's docs suggest.
const RUN = Symbol.for('pgtestbed.jest.run')
type RunSlot = { bed: Testbed; restore: () => void }

export async function globalSetup(): Promise<void> {
  const url = process.env['PGTESTBED_URL']
  const runId = process.env['PGTESTBED_RUN_ID']
  const handoff = process.env[HANDOFF_ENV]
  const bed = await createTestbed(undefined, {
    poolSize: 0,
    ...(url !== undefined && runId !== undefined ? { attach: { url, runId } } : {}),
  })
  process.env['PGTESTBED_URL'] = bed.engine.url
  process.env['PGTESTBED_RUN_ID'] = bed.config.runId
  process.env[HANDOFF_ENV] = JSON.stringify(bed.handoff)
  const restore = (): void => {
    if (handoff === undefined) delete process.env[HANDOFF_ENV]
    else process.env[HANDOFF_ENV] = handoff
    if (url === undefined) delete process.env['PGTESTBED_URL']
    else process.env['PGTESTBED_URL'] = url
    if (runId === undefined) delete process.env['PGTESTBED_RUN_ID']
    else process.env['PGTESTBED_RUN_ID'] = runId
  }
  ;(globalThis as Record<symbol, RunSlot | undefined>)[RUN] = { bed, restore }
}

export async function globalTeardown(): Promise<void> {
  const slot = (globalThis as Record<symbol, RunSlot | undefined>)[RUN]
  ;(globalThis as Record<symbol, RunSlot | undefined>)[RUN] = undefined
  slot?.restore()
  await slot?.bed.close()
  // The workers' per-test records (tracking on) become the run's record, unless `pgtestbed run` gathers them.
  if (slot !== undefined)
    finishPerfAtTeardown(
      { ...process.env, PGTESTBED_RUN_ID: slot.bed.config.runId },
      process.cwd(),
      slot.bed.config.perf,
    )
}
