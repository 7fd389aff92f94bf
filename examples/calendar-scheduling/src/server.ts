/**
 * The HTTP API (node:http, JSON):
 *   POST   /users                          { email, name, timeZone }          → 201 user
 *   POST   /users/:id/calendars            { provider, calendarId, refreshToken, accessToken? } → 201
 *   GET    /users/:id/availability?from=&to=&minutes=                         → 200 { free: [{ start, end }] }
 *   POST   /bookings                       { hostId, guestEmail, title, start, end } → 201, 409 taken
 *   DELETE /bookings/:id                                                      → 204 (cancelled)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { freeIntervals, type Interval } from './availability.js'
import { busyIntervals, ProviderError } from './providers.js'
import type { ProviderSettings } from './settings.js'
import { createStore, type Store } from './store.js'

export interface App {
  readonly url: string
  close(): Promise<void>
}

/**
 * Starts the API on a free port against `databaseUrl`. `poolSize`: connections to the database
 * (opening one costs more than most of the app's queries: tests use 1).
 */
export async function startApp(
  databaseUrl: string,
  providers: ProviderSettings,
  { poolSize = 10 }: { poolSize?: number } = {},
): Promise<App> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize })
  // An idle connection the server ends (a restart, a failover) is dropped and replaced; without a
  // listener that error would crash the process.
  pool.on('error', (err) =>
    console.warn(`calendar-scheduling: idle database connection lost: ${err.message}`),
  )
  const store = createStore(pool)
  const server = createServer((req, res) => {
    route(store, providers, req, res).catch((err: unknown) => answerError(res, err))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => closeAll(server, pool),
  }
}

async function route(store: Store, providers: ProviderSettings, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://app')
  const parts = url.pathname.split('/').filter(Boolean)
  const id = Number(parts[1])
  if (req.method === 'POST' && url.pathname === '/users') {
    const body = await readJson(req)
    return send(res, 201, await store.createUser(body))
  }
  if (req.method === 'POST' && parts[0] === 'users' && parts[2] === 'calendars') {
    if ((await store.user(id)) === undefined) return send(res, 404, { error: `no user ${parts[1]}` })
    return send(res, 201, await store.connectCalendar(id, await readJson(req)))
  }
  if (req.method === 'GET' && parts[0] === 'users' && parts[2] === 'availability') {
    const range = {
      start: Date.parse(url.searchParams.get('from') ?? ''),
      end: Date.parse(url.searchParams.get('to') ?? ''),
    }
    const minutes = Number(url.searchParams.get('minutes') ?? 30)
    if (!(range.start < range.end) || !(minutes > 0))
      return send(res, 400, { error: 'from and to must be ISO instants with from < to, minutes > 0' })
    if ((await store.user(id)) === undefined) return send(res, 404, { error: `no user ${parts[1]}` })
    const free = await availability(store, providers, id, range, minutes)
    return send(res, 200, { free: free.map((f) => ({ start: iso(f.start), end: iso(f.end) })) })
  }
  if (req.method === 'POST' && url.pathname === '/bookings')
    return send(res, 201, await store.book(await readJson(req)))
  if (req.method === 'DELETE' && parts[0] === 'bookings' && parts.length === 2)
    return (await store.cancel(id))
      ? send(res, 204)
      : send(res, 404, { error: `no confirmed booking ${parts[1]}` })
  return send(res, 404, { error: `no route ${req.method} ${url.pathname}` })
}

/** Working hours minus bookings minus every connected calendar's busy time. */
async function availability(
  store: Store,
  providers: ProviderSettings,
  userId: number,
  range: Interval,
  minutes: number,
): Promise<Interval[]> {
  const [windows, booked, integrations] = await Promise.all([
    store.workingWindows(userId, range),
    store.bookedIntervals(userId, range),
    store.integrations(userId),
  ])
  const external = await Promise.all(
    integrations.map((i) => busyIntervals(i, providers, range, store.saveTokens)),
  )
  return freeIntervals(windows, [...booked, ...external.flat()], range, minutes)
}

/** PostgreSQL refusals by SQLSTATE: the client's mistake or a conflict, never a 500. */
const STATUS_BY_SQLSTATE: Record<string, number> = {
  '23505': 409, // unique_violation: the email is taken
  '23P01': 409, // exclusion_violation: the host is already booked then
  '23503': 404, // foreign_key_violation: no such host
  '23514': 400, // check_violation: ends before it starts, unknown provider
  '22007': 400, // invalid_datetime_format
  '22P02': 400, // invalid_text_representation
  '23502': 400, // not_null_violation: a field is missing
}

function answerError(res: ServerResponse, err: unknown): void {
  const code = (err as { code?: string }).code
  const byState = code === undefined ? undefined : STATUS_BY_SQLSTATE[code]
  if (err instanceof ProviderError) send(res, 502, { error: err.message })
  else if (byState !== undefined) send(res, byState, { error: (err as Error).message, sqlstate: code })
  else if (err instanceof SyntaxError) send(res, 400, { error: `bad JSON: ${err.message}` })
  else send(res, 500, { error: String(err) })
}

async function readJson(req: IncomingMessage) {
  let text = ''
  for await (const chunk of req) text += chunk
  return JSON.parse(text)
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end()
    return
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

const iso = (ms: number) => new Date(ms).toISOString()

async function closeAll(server: Server, pool: pg.Pool): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await pool.end()
}
