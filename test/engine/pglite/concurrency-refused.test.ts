/**
 * Interleavings, deadlock scenarios, isolation checks and loads of several sessions refuse to run on PGlite, where every
 * connection shares one session, with a message that says why and what to use instead.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { StartedEngine } from '../../../src/engine/index.js'
import { startPglite } from '../../../src/engine/pglite/index.js'
import {
  checkIsolation,
  interleave,
  runDeadlock,
  runLoad,
  ScenarioError,
} from '../../../src/public/concurrency.js'
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

it('refuses a load of several sessions before any operation runs; one session still runs', async () => {
  let ran = 0
  const operation = async () => {
    ran++
  }
  const error = await runLoad({ url: engine.url, sessions: 2, iterationsPerSession: 3, operation }).catch(
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ScenarioError)
  expect((error as Error).message).toMatch(
    /^Failed to run a load of 2 sessions: the server is PGlite .* so contention and retries mean nothing there\. Run concurrency tests on the embedded or url engine/,
  )
  expect(ran).toBe(0)
  const single = await runLoad({ url: engine.url, sessions: 1, iterationsPerSession: 3, operation })
  expect(single).toMatchObject({ operations: 3, succeeded: 3 })
  expect(ran).toBe(3)
})
