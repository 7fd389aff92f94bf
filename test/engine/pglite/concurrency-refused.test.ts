/**
 * Interleavings, deadlock scenarios and isolation checks refuse to run on PGlite, where every
 * connection shares one session, with a message that says why and what to use instead.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { StartedEngine } from '../../../src/engine/index.js'
import { startPglite } from '../../../src/engine/pglite/index.js'
import { checkIsolation, interleave, runDeadlock, ScenarioError } from '../../../src/public/concurrency.js'
import { query } from '../../support/query.js'

let engine: StartedEngine
beforeAll(async () => {
  engine = await startPglite()
}, 120_000)
afterAll(() => engine?.close())

const refusal =
  'Failed to run scenario "NAME": the server is PGlite (the pglite engine), which runs every connection in one session, one statement at a time: ' +
  'locks never block, transactions never overlap and deadlocks cannot happen, so interleavings, deadlock scenarios and isolation checks mean nothing there. ' +
  'Run concurrency tests on the embedded or url engine (engine: "embedded", or PGTESTBED_ENGINE=embedded).'

it('refuses an interleaving before its setup runs', async () => {
  const error = await interleave({
    url: engine.url,
    name: 'lost update',
    setup: ['CREATE TABLE never_created (id int)'],
    steps: [
      { session: 'T1', sql: 'begin' },
      { session: 'T2', sql: 'begin' },
    ],
  }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ScenarioError)
  expect((error as ScenarioError).code).toBe('PGT_SCENARIO_SETUP')
  expect((error as Error).message).toBe(refusal.replace('NAME', 'lost update'))
  expect(await query(engine.url, "SELECT to_regclass('never_created') AS t")).toEqual([{ t: null }])
})

it('refuses deadlock scenarios and isolation checks the same way', async () => {
  await expect(runDeadlock({ url: engine.url, parties: 2 })).rejects.toThrow(/the server is PGlite/)
  await expect(checkIsolation({ url: engine.url, levels: ['read committed'] })).rejects.toThrow(
    /^Failed to run scenario ".* at read committed": the server is PGlite/,
  )
})
