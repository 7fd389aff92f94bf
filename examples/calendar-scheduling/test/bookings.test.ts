// The API on a real, migrated database per test: every test starts from the template (migrations,
// then the fixtures' tier) and may write what it likes; no test sees another's rows.
import { interleave } from 'pgtestbed/concurrency'
import { expect, test } from './app.js'

const friday = { from: '2026-03-20T00:00:00Z', to: '2026-03-21T00:00:00Z' }

test('a new user is free for their working hours, read in their own time zone', async ({ api: start }) => {
  const api = await start()
  const { status, body: user } = await api.post('/users', {
    email: 'new-host@example.com',
    name: 'New Host',
    timeZone: 'America/New_York',
  })
  expect(status).toBe(201)
  // 09:00–17:00 in New York on 20 March 2026 (EDT, UTC−4 since 8 March).
  const { body } = await api.get(
    `/users/${user['id']}/availability?from=${friday.from}&to=${friday.to}&minutes=30`,
  )
  expect(body['free']).toEqual([{ start: '2026-03-20T13:00:00.000Z', end: '2026-03-20T21:00:00.000Z' }])
})

test('a booking takes its slot out of the host’s availability; cancelling gives it back', async ({
  api: start,
}) => {
  const api = await start()
  const { body: host } = await api.post('/users', {
    email: 'host@example.com',
    name: 'Host',
    timeZone: 'UTC',
  })
  const booking = await api.post('/bookings', {
    hostId: host['id'],
    guestEmail: 'guest@example.com',
    title: 'Intro',
    start: '2026-03-20T10:00:00Z',
    end: '2026-03-20T11:00:00Z',
  })
  expect(booking.status).toBe(201)
  const free = async () =>
    (await api.get(`/users/${host['id']}/availability?from=${friday.from}&to=${friday.to}&minutes=30`)).body[
      'free'
    ]
  expect(await free()).toEqual([
    { start: '2026-03-20T09:00:00.000Z', end: '2026-03-20T10:00:00.000Z' },
    { start: '2026-03-20T11:00:00.000Z', end: '2026-03-20T17:00:00.000Z' },
  ])
  expect((await api.del(`/bookings/${booking.body['id']}`)).status).toBe(204)
  expect(await free()).toEqual([{ start: '2026-03-20T09:00:00.000Z', end: '2026-03-20T17:00:00.000Z' }])
})

test('the database refuses a double booking: 409, and the first booking stands', async ({
  db,
  api: start,
}) => {
  const api = await start()
  const { body: host } = await api.post('/users', {
    email: 'busy@example.com',
    name: 'Busy',
    timeZone: 'UTC',
  })
  const slot = {
    hostId: host['id'],
    title: 'Call',
    start: '2026-03-20T10:00:00Z',
    end: '2026-03-20T10:30:00Z',
  }
  expect((await api.post('/bookings', { ...slot, guestEmail: 'first@example.com' })).status).toBe(201)
  const second = await api.post('/bookings', {
    ...slot,
    guestEmail: 'second@example.com',
    start: '2026-03-20T10:15:00Z',
    end: '2026-03-20T10:45:00Z',
  })
  expect(second).toMatchObject({ status: 409, body: { sqlstate: '23P01' } })
  const { rows } = await db.query('SELECT guest_email FROM bookings WHERE host_id = $1', [host['id']])
  expect(rows).toEqual([{ guest_email: 'first@example.com' }])
})

test('two bookings of one slot at once: the second waits for the first, then is refused', async ({ db }) => {
  // No check-then-insert race: the exclusion constraint makes B's insert wait for A's
  // uncommitted row and fail once A commits, at any isolation level. Nothing here is timed:
  // pgtestbed asks the server whether a session is blocked.
  const book = (guest: string, start: string, end: string) =>
    `INSERT INTO bookings (host_id, guest_email, title, starts_at, ends_at)
     SELECT id, '${guest}', 'Call', '${start}', '${end}' FROM users WHERE email = 'race@hosts.test'`
  const report = await interleave({
    url: db.url,
    setup: ["INSERT INTO users (email, name) VALUES ('race@hosts.test', 'Race')"],
    steps: [
      { session: 'A', sql: `BEGIN; ${book('a@example.com', '2026-03-20T10:00Z', '2026-03-20T10:30Z')}` },
      { session: 'B', sql: `BEGIN; ${book('b@example.com', '2026-03-20T10:15Z', '2026-03-20T10:45Z')}` },
      { session: 'A', sql: 'COMMIT' },
      { session: 'B', sql: 'COMMIT' },
    ],
    final: "SELECT guest_email FROM bookings WHERE guest_email IN ('a@example.com', 'b@example.com')",
  })
  expect(report.step(1)).toMatchObject({ blocked: true, blockedBy: ['A'], unblockedBy: 2, sqlstate: '23P01' })
  expect(report.step(3).tags).toEqual(['ROLLBACK'])
  expect(report.final).toEqual([['a@example.com']])
})

test('bad requests get 4xx from the database’s own rules, not a 500', async ({ api: start }) => {
  const api = await start()
  const { body: host } = await api.post('/users', {
    email: 'rules@example.com',
    name: 'Rules',
    timeZone: 'UTC',
  })
  // The same email again: unique.
  expect(
    (await api.post('/users', { email: 'rules@example.com', name: 'Again', timeZone: 'UTC' })).status,
  ).toBe(409)
  // Ends before it starts: CHECK bookings_time_order.
  const backwards = { hostId: host['id'], guestEmail: 'g@example.com', title: 'Oops' }
  expect(
    (
      await api.post('/bookings', {
        ...backwards,
        start: '2026-03-20T11:00:00Z',
        end: '2026-03-20T10:00:00Z',
      })
    ).status,
  ).toBe(400)
  // A host that does not exist: foreign key.
  expect(
    (
      await api.post('/bookings', {
        ...backwards,
        hostId: 999_999,
        start: '2026-03-20T10:00:00Z',
        end: '2026-03-20T11:00:00Z',
      })
    ).status,
  ).toBe(404)
  expect((await api.get(`/users/999999/availability?from=${friday.from}&to=${friday.to}`)).status).toBe(404)
  expect(
    (await api.get(`/users/${host['id']}/availability?from=${friday.to}&to=${friday.from}`)).status,
  ).toBe(400)
})

test('every test starts from the template’s fixtures, whatever the tests before it wrote', async ({ db }) => {
  const { rows } = await db.query('SELECT version, tier FROM fixture_metadata')
  expect(rows).toEqual([{ version: '1.1.0', tier: process.env['PGTESTBED_TIER'] ?? 'minimal' }])
  // The hosts the tests above created are not here: each test had a database of its own.
  const made = ['new-host@example.com', 'host@example.com', 'busy@example.com', 'rules@example.com']
  const { rows: found } = await db.query('SELECT email FROM users WHERE email = ANY($1)', [made])
  expect(found).toEqual([])
})
