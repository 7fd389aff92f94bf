/**
 * The jest test environment behind `pgtestbed/jest`: jest's node environment that acquires a
 * fresh database when each test starts (before its beforeEach hooks) and releases it when the
 * test is done (after its afterEach hooks) — dropped if the test passed, kept if anything in it
 * failed. It runs outside jest's module registry, so ESM and CommonJS test files alike get the
 * pool through it. With tracking on (`perf: true`, `--perf`, `PGTESTBED_PERF=1`) each test's
 * phases and its database's statements are recorded, as the vitest and node:test fixtures do.
 * @module
 */
import { relative } from 'node:path'
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment'
import type { Circus } from '@jest/types'
import { TestEnvironment as NodeEnvironment } from 'jest-environment-node'
import type { PerfSettings } from '../perf/perf-options.js'
import { readTestStatements, type TestMeta, trackingSettings, writeTestRecord } from '../perf/track-test.js'
import { closeWorkerTestbed, workerTestbed, wrapDatabase } from './shared/test-database.js'

const CURRENT = Symbol.for('pgtestbed.jest.current')

type Wrapped = ReturnType<typeof wrapDatabase>

/** When the running test's phases began (performance.now()), and whether it is tracked. */
interface Timing {
  readonly started: number
  readonly acquired: number
  readonly settings: PerfSettings
}

export default class PgtestbedEnvironment extends NodeEnvironment {
  #active: Wrapped | undefined
  #timing: Timing | undefined
  readonly #testPath: string

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context)
    this.#testPath = relative(process.cwd(), context.testPath)
  }

  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name === 'test_started') {
      const slot = this.global as unknown as Record<symbol, unknown>
      const started = performance.now()
      try {
        // Attached to the run's server (global setup), else to `pgtestbed run`, else its own.
        const bed = await workerTestbed()
        this.#active = wrapDatabase(await bed.acquire())
        slot[CURRENT] = { db: this.#active.db }
        const settings = await trackingSettings(async () => bed.handoff.perf)
        this.#timing = { started, acquired: performance.now(), settings }
      } catch (error) {
        slot[CURRENT] = { error }
      }
    } else if (event.name === 'test_done') {
      const active = this.#active
      const timing = this.#timing
      this.#active = undefined
      this.#timing = undefined
      ;(this.global as unknown as Record<symbol, unknown>)[CURRENT] = undefined
      const outcome = event.test.errors.length > 0 ? 'failed' : 'passed'
      const bodyEnd = performance.now()
      // Read before the release drops the database.
      const tracked = active !== undefined && timing?.settings.enabled === true
      const reading = tracked ? await readTestStatements(active.db, timing.settings) : undefined
      await active?.finish(outcome)
      if (tracked) {
        const phases = {
          acquire: timing.acquired - timing.started,
          body: bodyEnd - timing.acquired,
          release: performance.now() - bodyEnd,
        }
        writeTestRecord(timing.settings, this.#meta(event.test), { phases, outcome, reading })
      }
    }
  }

  /** The test's name, its describe blocks (outermost first) and its file. */
  #meta(test: Circus.TestEntry): TestMeta {
    const suites: string[] = []
    for (let block = test.parent; block.parent !== undefined; block = block.parent) suites.unshift(block.name)
    return { name: test.name, suites, file: this.#testPath }
  }

  override async teardown(): Promise<void> {
    await this.#active?.finish('failed')
    this.#active = undefined
    // Drops this file's warm clones; the next test file attaches again to the same template.
    await closeWorkerTestbed()
    await super.teardown()
  }
}
