/**
 * The seam between the mock server core and provider packs.
 *
 * The core server tries stubs first, then each enabled pack's `handle` in order (the first pack that
 * returns a response wins), and applies faults to whatever answered.
 */

/**
 * One incoming request, already read and parsed by the core server.
 *
 * @example
 * const req: MockRequest = {
 *   method: 'GET', path: '/calendar/v3/calendars/primary/events', query: new URLSearchParams('maxResults=10'),
 *   headers: { authorization: 'Bearer t1' }, rawBody: '', json: undefined, scenario: 'default',
 * }
 */
export interface MockRequest {
  /** Upper-case HTTP method. */
  readonly method: string
  /** Path without the query string (and without any `/__scenario/<id>` prefix). */
  readonly path: string
  readonly query: URLSearchParams
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>
  readonly rawBody: string
  /** The parsed body when it is JSON, `undefined` otherwise. */
  readonly json: unknown
  /** The scenario this request belongs to (`default` when none was picked). */
  readonly scenario: string
}

/**
 * What a pack (or a stub) answers.
 *
 * @example
 * const res: MockResponse = { status: 200, body: { kind: 'calendar#freeBusy' } }
 */
export interface MockResponse {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  /** A string is sent as is; an object is sent as JSON (`content-type: application/json`). */
  readonly body?: string | object
}

/**
 * What the core gives a pack along with each request.
 *
 * @example
 * const ctx: PackContext = {
 *   scenario: 'default', state: new Map(), data: { calendars: {} }, now: () => new Date(), baseUrl: 'http://127.0.0.1:4010',
 * }
 */
export interface PackContext {
  readonly scenario: string
  /** per-scenario, per-pack mutable state; reset with the scenario */
  readonly state: Map<string, unknown>
  /** data for this pack from scenario files: files under <dir>/packs/<pack-name>/<scenario>.{json,yaml} */
  readonly data: unknown
  /** The server's clock (injectable, so token expiry is testable without waiting). */
  readonly now: () => Date
  /** The server's own base URL, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  readonly baseUrl: string
  /**
   * The base URL this request came in under: `baseUrl` plus its `/__scenario/<id>` prefix when it used one
   * (e.g. `http://127.0.0.1:4010/__scenario/slow`). Links a pack hands out (OIDC discovery, next-page links)
   * start with it, so the client's follow-up calls stay in the same scenario. Absent = `baseUrl`.
   */
  readonly requestBaseUrl?: string
}

/**
 * A provider pack: answers the provider's real paths, or returns `undefined` to let the next pack try.
 *
 * @example
 * const echo: MockPack = {
 *   name: 'echo',
 *   handle: (req) => (req.path === '/echo' ? { status: 200, body: { method: req.method } } : undefined),
 * }
 */
export interface MockPack {
  readonly name: string
  handle(req: MockRequest, ctx: PackContext): MockResponse | undefined | Promise<MockResponse | undefined>
}
