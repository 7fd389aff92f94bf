// The example app's test suite: every test gets its own migrated, seeded database, so tests
// can write freely and run in any order.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { withDatabase } from 'pgtestbed/node-test'

test(
  'starts from the seed data',
  withDatabase(async (db) => {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM bookings')
    assert.equal(rows[0].n, 2)
  }),
)

test(
  'books a free slot',
  withDatabase(async (db) => {
    await db.query(
      "INSERT INTO bookings (room_id, user_id, during) VALUES (1, 3, tstzrange('2026-12-01 10:00+00', '2026-12-01 11:00+00'))",
    )
    const { rows } = await db.query('SELECT count(*)::int AS n FROM bookings WHERE room_id = 1')
    assert.equal(rows[0].n, 2)
  }),
)

test(
  'refuses an overlapping booking of the same room',
  withDatabase(async (db) => {
    await assert.rejects(
      db.query(
        "INSERT INTO bookings (room_id, user_id, during) VALUES (1, 2, tstzrange('2026-12-01 09:30+00', '2026-12-01 09:45+00'))",
      ),
      (err) => err.code === '23P01',
    )
  }),
)

test(
  'deleting a user deletes their bookings',
  withDatabase(async (db) => {
    await db.query("DELETE FROM users WHERE email = 'ada@example.com'")
    const { rows } = await db.query('SELECT count(*)::int AS n FROM bookings')
    assert.equal(rows[0].n, 1)
  }),
)

test(
  'a write in one test is invisible to the next',
  withDatabase(async (db) => {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM users')
    assert.equal(rows[0].n, 3)
  }),
)
