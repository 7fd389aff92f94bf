/**
 * `pgtestbed demo`: the main job on the embedded default, with no config. Runs the example
 * project in `examples/bookings` end to end — cluster, template from its migrations, its test
 * suite with a database per test — and prints each phase and how long it took.
 * @module
 */
import { fileURLToPath } from 'node:url'
import { percentiles } from '../../internal/percentiles.js'
import { defineCommand } from '../command.js'
import { progressOf } from '../progress.js'
import { ms } from '../project.js'
import { type ExampleTestFailure, runExampleTests } from './demo-example-tests.js'

const EXAMPLE = fileURLToPath(new URL('../../../examples/bookings', import.meta.url))
const FIXTURES = fileURLToPath(new URL('../../../examples/fixtures', import.meta.url))

export interface DemoResult {
  readonly example: string
  readonly engine: string
  readonly serverVersion: string
  readonly phases: readonly { readonly name: string; readonly ms: number }[]
  readonly tests: {
    readonly passed: number
    readonly failed: number
    readonly failures: readonly ExampleTestFailure[]
  }
  /** The versioned fixture example: a template from its `current` version's minimal tier. */
  readonly fixtures: { readonly version: string; readonly rows: Readonly<Record<string, number>> }
  /** Ten databases taken from the warm pool: acquire, and acquire + connect + first query. */
  readonly perTest: {
    readonly acquire: { p50: number; p95: number }
    readonly ready: { p50: number; p95: number }
  }
}

/** Runs the demo; `onPhase` hears each phase as it ends (for live output). */
export async function demo(
  options: { onPhase?: (name: string, ms: number) => void } = {},
): Promise<DemoResult> {
  const phases: { name: string; ms: number }[] = []
  const phase = (name: string, value: number): void => {
    phases.push({ name, ms: Math.round(value * 10) / 10 })
    options.onPhase?.(name, value)
  }
  // Loaded here, not at the top: the demo's first line is printed before these load (~0.3 s).
  const { createTestbed } = await import('../../pool/index.js')
  const { default: pg } = await import('../../internal/pg.js')
  // The demo is about the embedded default: ignore a DATABASE_URL or engine the shell may have.
  const bed = await createTestbed({ engine: 'embedded' }, { cwd: EXAMPLE, preconnect: true })
  try {
    phase(`start an embedded PostgreSQL ${bed.engine.serverVersion} cluster`, bed.timings.engine)
    phase(`${bed.templateBuilt ? 'build' : 'reuse'} the template from 4 migrations`, bed.timings.template)

    const t0 = performance.now()
    const tests = await runExampleTests(EXAMPLE, bed.handoff)
    phase(
      `run the example suite (${tests.passed + tests.failed} tests, a database each)`,
      performance.now() - t0,
    )

    const acquire: number[] = []
    const ready: number[] = []
    for (let i = 0; i < 10; i++) {
      const t = performance.now()
      const db = await bed.acquire()
      acquire.push(performance.now() - t)
      // As the runner fixtures do: use the connection the pool opened ahead of time.
      const preopened = await db.takeConnection()
      const client = preopened ?? new pg.Client({ connectionString: db.url })
      if (preopened === undefined) await client.connect()
      await client.query('SELECT count(*) FROM bookings')
      ready.push(performance.now() - t)
      await client.end()
      await db.release()
      // Let the pool refill and warm a connection, as it does while a real test runs (bounded).
      for (let wait = 0; wait < 1000 && bed.stats().connected < 1; wait++)
        await new Promise((r) => setTimeout(r, 2))
    }
    phase(
      'hand out 10 fresh databases from the warm pool',
      acquire.reduce((a, b) => a + b, 0),
    )

    const t2 = performance.now()
    const fixtures = await fixtureDatabase(bed.engine.url)
    phase(
      `template from versioned fixtures (v${fixtures.version}, minimal tier) and a database from it`,
      performance.now() - t2,
    )

    const t1 = performance.now()
    const engine = bed.engine.kind
    const serverVersion = bed.engine.serverVersion
    await bed.close()
    phase('drop every database and stop the cluster', performance.now() - t1)
    return {
      example: EXAMPLE,
      engine,
      serverVersion,
      phases,
      tests,
      fixtures,
      perTest: { acquire: percentiles(acquire), ready: percentiles(ready) },
    }
  } finally {
    await bed.close()
  }
}

/** A second testbed on the same server: its template is the example fixture repository's data. */
async function fixtureDatabase(url: string): Promise<DemoResult['fixtures']> {
  const { createTestbed } = await import('../../pool/index.js')
  const { default: pg } = await import('../../internal/pg.js')
  const fixtures = await createTestbed(
    {
      engine: 'url',
      url,
      migrations: false,
      fixtures: { dir: FIXTURES, version: 'current', tier: 'minimal' },
    },
    { cwd: FIXTURES, poolSize: 1 },
  )
  try {
    const db = await fixtures.acquire()
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    const { rows } = await client.query<{ version: string; tables: Record<string, number> }>(
      'SELECT version, tables FROM fixture_metadata',
    )
    await client.end()
    await db.release()
    return { version: rows[0]?.version ?? '?', rows: rows[0]?.tables ?? {} }
  } finally {
    await fixtures.close()
  }
}

export const demoCommand = defineCommand({
  name: ['demo'],
  summary: 'Run the example project end to end on an embedded cluster and show each phase',
  async run(args, io) {
    const live = args.values['json'] !== true
    if (live) io.stdout.write(`pgtestbed demo: ${EXAMPLE}\n\n`)
    // Live phases on stdout for people; with --json, on stderr through the progress reporter.
    if (!live) progressOf(io).phase('running the demo')
    const data = await demo({
      onPhase: (name, value) => {
        if (live) io.stdout.write(`  ${ms(value).padStart(9)}  ${name}\n`)
        else progressOf(io).phase(`${name} (${ms(value)})`)
      },
    })
    const { acquire, ready } = data.perTest
    const failures = data.tests.failures.map(
      (f) => `\nFAILED: ${f.name}${f.location === undefined ? '' : ` (${f.location})`}\n${indent(f.error)}\n`,
    )
    const human =
      failures.join('') +
      `\ntests: ${data.tests.passed} passed, ${data.tests.failed} failed\n` +
      `fixtures ${data.fixtures.version}: ${Object.entries(data.fixtures.rows)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')} rows\n` +
      `a database per test: acquire p50 ${ms(acquire.p50)}, ready for its first query p50 ${ms(ready.p50)} (p95 ${ms(ready.p95)})`
    if (!live) return { data, exitCode: data.tests.failed === 0 && data.tests.passed > 0 ? 0 : 1 }
    return { data, human, exitCode: data.tests.failed === 0 && data.tests.passed > 0 ? 0 : 1 }
  },
})

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')
}
