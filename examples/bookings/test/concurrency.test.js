// Two connections to the same isolated database: something per-test transactions cannot test.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { withDatabase } from 'pgtestbed/node-test'

test(
  'a committed booking is seen by a second connection',
  withDatabase(async (db) => {
    const writer = await db.connect()
    const reader = await db.connect()
    await writer.query('BEGIN')
    await writer.query(
      "INSERT INTO bookings (room_id, user_id, during) VALUES (2, 3, tstzrange('2026-12-02 09:00+00', '2026-12-02 10:00+00'))",
    )
    const before = await reader.query('SELECT count(*)::int AS n FROM bookings')
    await writer.query('COMMIT')
    const after = await reader.query('SELECT count(*)::int AS n FROM bookings')
    assert.deepEqual([before.rows[0].n, after.rows[0].n], [2, 3])
  }),
)

test(
  'the exclusion constraint holds across concurrent sessions',
  withDatabase(async (db) => {
    const a = await db.connect()
    const b = await db.connect()
    await a.query('BEGIN')
    await a.query(
      "INSERT INTO bookings (room_id, user_id, during) VALUES (2, 1, tstzrange('2026-12-03 09:00+00', '2026-12-03 10:00+00'))",
    )
    // Attach the expectation before anything else is awaited: the insert blocks on a's lock and
    // rejects as soon as a commits, which can be before the next line runs.
    const conflicting = assert.rejects(
      b.query(
        "INSERT INTO bookings (room_id, user_id, during) VALUES (2, 3, tstzrange('2026-12-03 09:30+00', '2026-12-03 10:30+00'))",
      ),
      (err) => err.code === '23P01',
    )
    await a.query('COMMIT')
    await conflicting
  }),
)
