/** The app's SQL, on a pg.Pool. Time zone arithmetic is PostgreSQL's (DST included). */
import type pg from 'pg'
import type { Interval } from './availability.js'
import type { Integration, SaveTokens } from './providers.js'
import type { Provider } from './settings.js'

export interface User {
  readonly id: number
  readonly email: string
  readonly name: string
  readonly timeZone: string
}

export function createStore(pool: pg.Pool) {
  return {
    async createUser(input: { email: string; name: string; timeZone: string }): Promise<User> {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const { rows } = await client.query(
          `INSERT INTO users (email, name, time_zone) VALUES ($1, $2, $3)
           RETURNING id::int, email, name, time_zone AS "timeZone"`,
          [input.email, input.name, input.timeZone],
        )
        const user = rows[0] as User
        // New users work Monday to Friday, 09:00 to 17:00 in their own zone.
        await client.query(
          `INSERT INTO availability_rules (user_id, weekday, starts, ends)
           SELECT $1, d, '09:00', '17:00' FROM generate_series(1, 5) AS d`,
          [user.id],
        )
        await client.query('COMMIT')
        return user
      } catch (err) {
        await client.query('ROLLBACK')
        throw err
      } finally {
        client.release()
      }
    },

    async user(id: number): Promise<User | undefined> {
      const { rows } = await pool.query(
        'SELECT id::int, email, name, time_zone AS "timeZone" FROM users WHERE id = $1',
        [id],
      )
      return rows[0] as User | undefined
    },

    async connectCalendar(
      userId: number,
      input: { provider: Provider; calendarId: string; refreshToken: string; accessToken?: string },
    ): Promise<{ id: number }> {
      const { rows } = await pool.query(
        `INSERT INTO calendar_integrations (user_id, provider, calendar_id, refresh_token, access_token)
         VALUES ($1, $2, $3, $4, $5) RETURNING id::int`,
        [userId, input.provider, input.calendarId, input.refreshToken, input.accessToken ?? null],
      )
      return rows[0] as { id: number }
    },

    async integrations(userId: number): Promise<Integration[]> {
      const { rows } = await pool.query(
        `SELECT id::int, provider, calendar_id AS "calendarId", refresh_token AS "refreshToken",
                access_token AS "accessToken"
         FROM calendar_integrations WHERE user_id = $1 ORDER BY id`,
        [userId],
      )
      return rows as Integration[]
    },

    saveTokens: (async (id, tokens) => {
      await pool.query(
        `UPDATE calendar_integrations
         SET access_token = $2, access_token_expires_at = $3, refresh_token = coalesce($4, refresh_token)
         WHERE id = $1`,
        [id, tokens.accessToken, tokens.expiresAt, tokens.refreshToken ?? null],
      )
    }) satisfies SaveTokens,

    /** The user's working hours in `range`, as UTC instants: each day's wall times in their zone. */
    async workingWindows(userId: number, range: Interval): Promise<Interval[]> {
      const { rows } = await pool.query(
        `SELECT (day + r.starts) AT TIME ZONE u.time_zone AS starts_at,
                (day + r.ends) AT TIME ZONE u.time_zone AS ends_at
         FROM users AS u
         JOIN availability_rules AS r ON r.user_id = u.id
         CROSS JOIN LATERAL generate_series(
           ($2::timestamptz AT TIME ZONE u.time_zone)::date::timestamp,
           ($3::timestamptz AT TIME ZONE u.time_zone)::date::timestamp,
           interval '1 day') AS day
         WHERE u.id = $1 AND extract(isodow FROM day) = r.weekday`,
        [userId, new Date(range.start), new Date(range.end)],
      )
      return rows.map((r) => ({ start: r.starts_at.getTime(), end: r.ends_at.getTime() }))
    },

    async bookedIntervals(userId: number, range: Interval): Promise<Interval[]> {
      const { rows } = await pool.query(
        `SELECT starts_at, ends_at FROM bookings
         WHERE host_id = $1 AND status = 'confirmed' AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)`,
        [userId, new Date(range.start), new Date(range.end)],
      )
      return rows.map((r) => ({ start: r.starts_at.getTime(), end: r.ends_at.getTime() }))
    },

    async book(input: { hostId: number; guestEmail: string; title: string; start: string; end: string }) {
      const { rows } = await pool.query(
        `INSERT INTO bookings (host_id, guest_email, title, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id::int, status`,
        [input.hostId, input.guestEmail, input.title, input.start, input.end],
      )
      return rows[0] as { id: number; status: string }
    },

    async cancel(bookingId: number): Promise<boolean> {
      const { rowCount } = await pool.query(
        "UPDATE bookings SET status = 'cancelled' WHERE id = $1 AND status = 'confirmed'",
        [bookingId],
      )
      return rowCount === 1
    },
  }
}

export type Store = ReturnType<typeof createStore>
