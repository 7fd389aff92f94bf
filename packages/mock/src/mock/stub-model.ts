/**
 * The stub model: what users write in stub files or pass in code (`StubDefinition`), and the
 * compiled form the router matches against (`Stub`).
 * @module
 */
import type { FaultDefinition } from './fault-model.js'

/** A string matcher for a query parameter or header: a plain string means "equals". */
export type ValueMatcher =
  | string
  | { readonly equals: string }
  | { readonly contains: string }
  | { readonly matches: string }
  | { readonly absent: true }
  | { readonly present: true }

/** One JSONPath condition on a JSON body (`$.a.b[0]`, `$.items[*].id`, `$..id`). */
export interface JsonPathMatcher {
  readonly path: string
  /** The selected value equals this (deep, for objects and arrays). */
  readonly equals?: unknown
  /** The selected value, as a string, matches this regular expression. */
  readonly matches?: string
  /** `true`: at least one value is selected; `false`: none is. Default `true` when nothing else is given. */
  readonly exists?: boolean
}

/** Conditions on the request body; all given must hold. */
export interface BodyMatcher {
  /** The body is JSON and deep-equals this. */
  readonly equalsJson?: unknown
  /** The body is JSON and contains these fields (objects partially, arrays element by element). */
  readonly includesJson?: unknown
  readonly jsonPath?: JsonPathMatcher | readonly JsonPathMatcher[]
  /** The body is form-encoded (`a=1&b=2`) and these fields match. */
  readonly form?: Readonly<Record<string, ValueMatcher>>
  /** The raw body matches this regular expression. */
  readonly matches?: string
  /** The raw body equals this text. */
  readonly equals?: string
  /** The raw body contains this text. */
  readonly contains?: string
}

/** What a request must look like for a stub to answer it. */
export interface RequestMatcher {
  /** One method, several, or `ANY` (default). */
  readonly method?: string | readonly string[]
  /** Exact path, or a template with `:name` / `{name}` segments (`/users/:id`). */
  readonly path?: string | RegExp
  /** A regular expression the path must match (named groups become path params). */
  readonly pathMatches?: string | RegExp
  readonly query?: Readonly<Record<string, ValueMatcher>>
  /** Header names are case-insensitive. */
  readonly headers?: Readonly<Record<string, ValueMatcher>>
  readonly body?: BodyMatcher
}

/** A response delay: fixed milliseconds, or uniform random in `[min, max]` (seeded per scenario). */
export type DelayDefinition = number | { readonly min: number; readonly max: number }

/** What a stub answers. `json`, `text`, `file` and `body` are alternatives. */
export interface ResponseDefinition {
  readonly status?: number
  readonly headers?: Readonly<Record<string, string>>
  /** Sent as JSON; string values are templates (`{{path.id}}`, `{{now '+1h'}}`). */
  readonly json?: unknown
  /** Sent as text; a template. */
  readonly text?: string
  /** A file to send, relative to the stub file's folder (or the working directory for code stubs). */
  readonly file?: string
  /** A string (text) or an object (JSON). */
  readonly body?: unknown
  /** Render templates in the body and headers (default `true`; `false` sends them as written). */
  readonly template?: boolean
  readonly delayMs?: DelayDefinition
}

/** A per-scenario state machine condition and transition (WireMock's scenario states, per scenario id). */
export interface StateDefinition {
  /** The machine's name (default `main`); every machine starts in state `started`. */
  readonly machine?: string
  /** The stub answers only in this state (or one of these). */
  readonly is?: string | readonly string[]
  /** After answering, move the machine to this state. */
  readonly next?: string
}

/** A stub as written in a file or passed to `startMockServer({ stubs })`. */
export interface StubDefinition {
  /** Unique id; generated from the file name and position when absent. */
  readonly id?: string
  /** Lower numbers win (default 5); ties go to scenario-specific stubs, then to the latest added. */
  readonly priority?: number
  /** Only requests in this scenario (or these) see the stub; absent: every scenario. */
  readonly scenario?: string | readonly string[]
  readonly request?: RequestMatcher
  readonly response?: ResponseDefinition
  /** A sequence of responses, one per request; see `repeat`. */
  readonly responses?: readonly ResponseDefinition[]
  /** After the last of `responses`: `last` keeps sending it (default), `cycle` starts over. */
  readonly repeat?: 'last' | 'cycle'
  /** Answer at most this many times per scenario, then let the next stub answer. */
  readonly times?: number
  readonly state?: StateDefinition
  readonly faults?: readonly FaultDefinition[]
}

/** Where a stub came from, for error messages. */
export interface StubSource {
  readonly file?: string
  readonly line?: number
}

/** Per-scenario configuration: faults applied to every response in the scenario. */
export interface ScenarioDefinition {
  readonly faults?: readonly FaultDefinition[]
}
