/**
 * The jest test environment behind `pgtestbed/jest`: jest's node environment that acquires a
 * fresh database when each test starts (before its beforeEach hooks) and releases it when the
 * test is done (after its afterEach hooks) — dropped if the test passed, kept if anything in it
 * failed. It runs outside jest's module registry, so ESM and CommonJS test files alike get the
 * pool through it.
 * @module
 */
import type { Circus } from '@jest/types'
import { TestEnvironment as NodeEnvironment } from 'jest-environment-node'
import { closeWorkerTestbed, workerTestbed, wrapDatabase } from './shared/test-database.js'

const CURRENT = Symbol.for('pgtestbed.jest.current')

type Wrapped = ReturnType<typeof wrapDatabase>

export default class PgtestbedEnvironment extends NodeEnvironment {
  #active: Wrapped | undefined

  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name === 'test_started') {
      const slot = this.global as unknown as Record<symbol, unknown>
      try {
        // Attached to the run's server (global setup), else to `pgtestbed run`, else its own.
        const bed = await workerTestbed()
        this.#active = wrapDatabase(await bed.acquire())
        slot[CURRENT] = { db: this.#active.db }
      } catch (error) {
        slot[CURRENT] = { error }
      }
    } else if (event.name === 'test_done') {
      const active = this.#active
      this.#active = undefined
      ;(this.global as unknown as Record<symbol, unknown>)[CURRENT] = undefined
      await active?.finish(event.test.errors.length > 0 ? 'failed' : 'passed')
    }
  }

  override async teardown(): Promise<void> {
    await this.#active?.finish('failed')
    this.#active = undefined
    // Drops this file's warm clones; the next test file attaches again to the same template.
    await closeWorkerTestbed()
    await super.teardown()
  }
}
