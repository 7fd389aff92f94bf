import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { interleave, ScenarioError } from '../../src/concurrency/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'
import { connectionsTo, T_TABLE } from './support.js'

let db: ScratchDatabase
beforeAll(async () => {
  db = await scratchDatabase()
})
afterAll(async () => {
  await db.drop()
})

const setup = ['drop table if exists t', ...T_TABLE]

describe('interleave', () => {
  test('runs steps in order and reports tags, rows and final rows', async () => {
    const report = await interleave({
      url: db.url,
      name: 'plain',
      setup,
      steps: [
        {
          session: 'T1',
          sql: "begin; insert into t values (3, 30); select v, 'x' as label from t where id = 3",
        },
        { session: 'T2', sql: 'select count(*)::int as n from t' },
        { session: 'T1', sql: 'commit' },
      ],
      final: 'select id, v from t',
    })
    expect(report.kind).toBe('interleaving-report')
    expect(report.sessions).toEqual(['T1', 'T2'])
    expect(report.step(0)).toSucceed()
    expect(report.step(0).tags).toEqual(['BEGIN', 'INSERT 0 1', 'SELECT 1'])
    expect(report.step(0).columns).toEqual(['v', 'label'])
    expect(report.step(0)).toReturnRows([[30, 'x']])
    expect(report.step(1).rows).toEqual([[2]])
    expect(report.step(2)).toCommit()
    expect(report.step(2).blocked).toBe(false)
    expect(report.final).not.toBeNull()
    expect(report.final!.length).toBe(3)
    expect(() => report.step(3)).toThrow(/steps 0 to 2/)
  })

  test('a blocked step is detected, the runner moves on, and the releasing step is named', async () => {
    const report = await interleave({
      url: db.url,
      setup,
      steps: [
        { session: 'T1', sql: 'begin; update t set v = 11 where id = 1' },
        { session: 'T2', sql: 'begin; update t set v = 12 where id = 1' },
        { session: 'T3', sql: 'select 1' },
        { session: 'T1', sql: 'commit' },
        { session: 'T2', sql: 'commit' },
      ],
      final: 'select v from t where id = 1',
    })
    expect(report.step(1)).toBeBlocked()
    expect(report.step(1).blockedBy).toEqual(['T1'])
    expect(report.step(1)).toBeUnblockedBy(3)
    expect(report.step(1).tags).toEqual(['BEGIN', 'UPDATE 1'])
    expect(report.step(2)).not.toBeBlocked()
    expect(report.step(2)).toSucceed()
    expect(report.step(4)).toCommit()
    expect(report.final).toEqual([[12]])
  })

  test('later steps of a blocked session wait for it', async () => {
    const report = await interleave({
      url: db.url,
      setup,
      steps: [
        { session: 'T1', sql: 'begin; update t set v = 11 where id = 1' },
        { session: 'T2', sql: 'begin; update t set v = 12 where id = 1' },
        { session: 'T2', sql: 'update t set v = 22 where id = 2' },
        { session: 'T1', sql: 'commit' },
        { session: 'T2', sql: 'commit' },
      ],
      final: 'select id, v from t',
    })
    expect(report.step(1)).toBeUnblockedBy(3)
    expect(report.step(2).waitedFor).toBe(1)
    expect(report.step(2)).not.toBeBlocked()
    expect(report.step(2).tags).toEqual(['UPDATE 1'])
    expect(report.step(2).startedAtMs!).toBeGreaterThanOrEqual(report.step(3).startedAtMs!)
    expect(report.final).toEqual(
      expect.arrayContaining([
        [1, 12],
        [2, 22],
      ]),
    )
  })

  test('blocked then failed: 40001 at repeatable read, then 25P02, then COMMIT reports ROLLBACK', async () => {
    const report = await interleave({
      url: db.url,
      setup,
      steps: [
        { session: 'T1', sql: 'begin; update t set v = 11 where id = 1' },
        { session: 'T2', sql: 'begin isolation level repeatable read; select v from t where id = 1' },
        { session: 'T2', sql: 'update t set v = 12 where id = 1' },
        { session: 'T1', sql: 'commit' },
        { session: 'T2', sql: 'select 1' },
        { session: 'T2', sql: 'commit' },
      ],
      final: 'select v from t where id = 1',
    })
    expect(report.step(2)).toBeBlocked()
    expect(report.step(2)).toFailWith('40001')
    expect(report.step(2)).toFailWith('serialization-failure')
    expect(report.step(2)).toBeUnblockedBy(3)
    expect(report.step(2).message).toMatch(/could not serialize access/)
    expect(report.step(4)).toFailWith('25P02')
    expect(report.step(5)).toSucceed()
    expect(report.step(5).tags).toEqual(['ROLLBACK'])
    expect(report.step(5)).not.toCommit()
    expect(report.final).toEqual([[11]])
  })

  test('a step that is never released times out at the deadline, and what queued behind it is not run', async () => {
    const report = await interleave({
      url: db.url,
      setup,
      deadlineMs: 400,
      steps: [
        { session: 'T1', sql: 'begin; update t set v = 11 where id = 1' },
        { session: 'T2', sql: 'update t set v = 12 where id = 1' },
        { session: 'T2', sql: 'select 1' },
      ],
      final: 'select v from t where id = 1',
    })
    expect(report.timedOut).toBe(true)
    expect(report.step(0)).toSucceed()
    expect(report.step(1)).toTimeOut()
    expect(report.step(1)).toBeBlocked()
    expect(report.step(1).message).toMatch(/still blocked by session T1 when the 400 ms deadline passed/)
    expect(report.step(2)).toTimeOut()
    expect(report.step(2).message).toMatch(/not run: session T2 was still waiting on step 1/)
    // T1 never committed: the sessions were rolled back and closed before `final`.
    expect(report.final).toEqual([[10]])
    expect(await connectionsTo(db.client, db.name)).toBe(0)
  })

  test('a step that runs past the deadline without waiting on a lock is reported as still running', async () => {
    const report = await interleave({
      url: db.url,
      deadlineMs: 300,
      steps: [
        { session: 'T1', sql: 'select pg_sleep(30)' },
        { session: 'T2', sql: 'select 1' },
      ],
    })
    expect(report.step(0)).toTimeOut()
    expect(report.step(0)).not.toBeBlocked()
    expect(report.step(0).message).toBe('still running when the 300 ms deadline passed')
    expect(report.step(1).message).toBe('not run: the 300 ms deadline passed before this step')
    expect(await connectionsTo(db.client, db.name)).toBe(0)
  })

  test('an abort signal stops a stuck scenario, closes its connections and rejects with the reason', async () => {
    const controller = new AbortController()
    const run = interleave({
      url: db.url,
      setup,
      signal: controller.signal,
      steps: [
        { session: 'T1', sql: 'begin; update t set v = 11 where id = 1' },
        { session: 'T2', sql: 'update t set v = 12 where id = 1' },
      ],
    })
    // Abort once T2 really waits on the lock (asked from the server, not guessed from time).
    const probe = db.client
    for (let i = 0; i < 500; i++) {
      const { rows } = await probe.query(
        "select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'",
        [db.name],
      )
      if (rows[0].n > 0) break
      await new Promise((r) => setTimeout(r, 10))
    }
    controller.abort(new Error('stop'))
    await expect(run).rejects.toThrow('stop')
    expect(await connectionsTo(db.client, db.name)).toBe(0)
    expect((await db.client.query('select v from t where id = 1')).rows).toEqual([{ v: 10 }])
  })

  test('a deadlock reports 40P01, the victim, detection time, and the survivor released by the victim', async () => {
    const report = await interleave({
      url: db.url,
      setup,
      steps: [
        { session: 'T1', sql: 'begin; update t set v = 11 where id = 1' },
        { session: 'T2', sql: 'begin; update t set v = 22 where id = 2' },
        { session: 'T1', sql: 'update t set v = 12 where id = 2' },
        { session: 'T2', sql: 'update t set v = 21 where id = 1' },
        { session: 'T1', sql: 'commit' },
        { session: 'T2', sql: 'commit' },
      ],
    })
    expect(report.deadlocks).toHaveLength(1)
    const [deadlock] = report.deadlocks
    const victim = deadlock!.victimStep
    const survivor = victim === 2 ? 3 : 2
    expect([2, 3]).toContain(victim)
    expect(report.step(victim)).toFailWith('40P01')
    expect(report.step(victim)).toFailWith('deadlock')
    expect(report.step(victim).unblockedBy).toBeNull()
    expect(deadlock!.detectionMs).toBeGreaterThan(0)
    expect(deadlock!.detail).toMatch(/Process \d+ waits for/)
    expect(report.step(survivor)).toSucceed()
    expect(report.step(survivor)).toBeUnblockedBy(victim)
    expect(report.step(victim + 2).tags).toEqual(['ROLLBACK'])
    expect(report.step(survivor + 2)).toCommit()
  })

  test('SQL that does not parse is reported on its step with SQLSTATE 42601', async () => {
    const report = await interleave({
      url: db.url,
      steps: [
        { session: 'T1', sql: 'selec 1' },
        { session: 'T1', sql: 'select 2' },
      ],
    })
    expect(report.step(0)).toFailWith('42601')
    expect(report.step(0)).toFailWith('syntax')
    expect(report.step(0).message).toMatch(/syntax error at or near "selec"/)
    expect(report.step(1)).toReturnRows([[2]])
  })

  test('JSON output keeps the documented fields and drops the driver error', async () => {
    const report = await interleave({ url: db.url, steps: [{ session: 'A', sql: 'select 1/0' }] })
    const json = JSON.parse(JSON.stringify(report))
    expect(Object.keys(json.steps[0])).toEqual(
      expect.arrayContaining([
        'session',
        'sql',
        'status',
        'blocked',
        'unblockedBy',
        'tags',
        'rows',
        'sqlstate',
        'message',
      ]),
    )
    expect(json.steps[0].error).toBeUndefined()
    expect(json.steps[0].sqlstate).toBe('22012')
  })
})

describe('interleave: bad input', () => {
  test('a step naming an undeclared session is refused before connecting', async () => {
    const run = interleave({
      url: db.url,
      name: 'typo',
      sessions: ['T1', 'T2'],
      steps: [
        { session: 'T1', sql: 'select 1' },
        { session: 'T3', sql: 'select 1' },
      ],
    })
    await expect(run).rejects.toThrow(ScenarioError)
    await expect(run).rejects.toThrow(
      'Failed to run scenario "typo": step 1 names session "T3", which is not among the declared sessions (T1, T2). Fix the session name or add it to "sessions".',
    )
  })

  test('a scenario without steps is refused', async () => {
    await expect(interleave({ url: db.url, steps: [] })).rejects.toMatchObject({
      code: 'PGT_SCENARIO_INVALID',
    })
  })

  test('failing setup names the statement and SQLSTATE, and leaves no connection open', async () => {
    const run = interleave({
      url: db.url,
      name: 'bad setup',
      setup: ['select 1', 'create table t (id int'],
      steps: [{ session: 'T1', sql: 'select 1' }],
    })
    await expect(run).rejects.toMatchObject({ code: 'PGT_SCENARIO_SETUP' })
    await expect(run).rejects.toThrow(
      /Failed to run the setup of scenario "bad setup": setup statement 2 failed with SQLSTATE 42601/,
    )
    expect(await connectionsTo(db.client, db.name)).toBe(0)
  })

  test('a setup that leaves a transaction open is refused (its locks would block every step)', async () => {
    const run = interleave({
      url: db.url,
      name: 'open setup',
      setup: ['drop table if exists t', ...T_TABLE, 'begin; lock table t'],
      steps: [{ session: 'T1', sql: 'select * from t' }],
    })
    await expect(run).rejects.toThrow(
      'Failed to run the setup of scenario "open setup": it leaves a transaction open (BEGIN without COMMIT), whose locks would block the steps for ever. End the setup with COMMIT, or move the transaction into the steps.',
    )
    expect(await connectionsTo(db.client, db.name)).toBe(0)
  })

  test('a failing session setup names the session, statement and SQLSTATE', async () => {
    const run = interleave({
      url: db.url,
      name: 'session setup',
      sessions: { T1: { setup: ['set lock_timeout = 50', 'set no_such_setting = 1'] } },
      steps: [{ session: 'T1', sql: 'select 1' }],
    })
    await expect(run).rejects.toThrow(
      /Failed to run the setup of session T1 in scenario "session setup": setup statement 2 failed with SQLSTATE 42704/,
    )
    expect(await connectionsTo(db.client, db.name)).toBe(0)
  })

  test('a session setup that waits on another session is refused (it would deadlock the scenario)', async () => {
    const run = interleave({
      url: db.url,
      name: 'self-deadlock',
      setup,
      sessions: {
        T1: { setup: 'begin; lock table t in access exclusive mode' },
        T2: { setup: 'select * from t' },
      },
      steps: [{ session: 'T1', sql: 'commit' }],
    })
    await expect(run).rejects.toThrow(
      /Failed to run the setup of session T2 in scenario "self-deadlock": setup statement 1 waits on a lock held by session T1, so no step could ever run\. Session setup must not wait/,
    )
    expect(await connectionsTo(db.client, db.name)).toBe(0)
  })
})
