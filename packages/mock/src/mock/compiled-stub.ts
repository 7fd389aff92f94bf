/**
 * The compiled form of a stub, ready for fast matching and answering.
 * @module
 */

import type { FaultDefinition } from './fault-model.js'
import type { PathMatcher } from './match-path.js'
import type { DelayDefinition, StubDefinition, StubSource } from './stub-model.js'
import type { TemplateContext } from './template.js'

/** A compiled query or header condition; returns why it failed, or undefined. */
export interface CompiledValueMatcher {
  readonly name: string
  test(value: string | undefined): string | undefined
}

/** A compiled body condition; returns why it failed, or undefined. */
export interface CompiledBodyMatcher {
  test(rawBody: string, json: unknown): string | undefined
}

/** A compiled response: headers and body may be templates. */
export interface CompiledResponse {
  readonly status: number
  readonly headers: readonly (readonly [string, (ctx: TemplateContext) => string])[]
  /** A fixed body (already encoded), or a renderer. */
  readonly body:
    | { readonly kind: 'static'; readonly bytes: Buffer }
    | { readonly kind: 'render'; readonly render: (ctx: TemplateContext) => string }
  /** Content type to send unless the stub's headers set one. */
  readonly contentType: string | undefined
  readonly delay: DelayDefinition | undefined
}

/** A fault with an identity (for its per-scenario counters and seeded generator). */
export interface CompiledFault {
  readonly key: string
  readonly seed: number
  readonly definition: FaultDefinition
}

/** A stub ready to match. */
export interface Stub {
  readonly kind: 'stub'
  readonly id: string
  readonly priority: number
  /** Scenario names the stub is limited to; undefined = every scenario. */
  readonly scenarios: readonly string[] | undefined
  readonly definition: StubDefinition
  readonly source: StubSource
  /** Order of addition; later wins ties. */
  readonly order: number
  readonly methods: readonly string[] | undefined
  readonly path: PathMatcher
  readonly query: readonly CompiledValueMatcher[]
  readonly headers: readonly CompiledValueMatcher[]
  readonly body: readonly CompiledBodyMatcher[]
  readonly responses: readonly CompiledResponse[]
  readonly repeat: 'last' | 'cycle'
  readonly times: number | undefined
  readonly state:
    | {
        readonly machine: string
        readonly is: readonly string[] | undefined
        readonly next: string | undefined
      }
    | undefined
  readonly faults: readonly CompiledFault[]
  /** The journal's `answeredBy` for this stub (one object, shared by all its entries). */
  readonly answeredBy: { readonly kind: 'stub'; readonly id: string }
}
