/**
 * The request journal: every request with what answered it, kept in a ring buffer per scenario
 * id so a busy scenario never pushes out another's entries.
 * @module
 */
import { compilePath } from './match-path.js'
import { baseOf } from './scenarios.js'

/** What answered a request. */
export type AnsweredBy =
  | { readonly kind: 'stub'; readonly id: string }
  | { readonly kind: 'pack'; readonly name: string }
  | { readonly kind: 'record'; readonly target: string }
  | { readonly kind: 'none'; readonly reason: 'no-match' | 'unknown-scenario' | 'malformed-json' | 'error' }

/** One journaled request. */
export interface JournalEntry {
  readonly seq: number
  /** ISO time the request arrived (server clock). */
  readonly at: string
  readonly scenario: string
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>
  /** The raw body (cut at 64 KiB). */
  readonly body: string
  readonly answeredBy: AnsweredBy
  /** Status sent; undefined when a fault broke the connection before a status line. */
  readonly status: number | undefined
  /** Fault kinds that fired. */
  readonly faults: readonly string[]
}

/** Which entries to select; all given must hold. `path` is exact, a template (`/users/:id`) or a RegExp. */
export interface RequestFilter {
  readonly method?: string
  readonly path?: string | RegExp
  /** A scenario id; a name without `#` also selects its `#` instances. */
  readonly scenario?: string
  readonly stub?: string
  readonly pack?: string
  readonly status?: number
}

/** Reads and clears the journal. */
export interface Journal {
  /** Entries oldest first, optionally filtered. */
  entries(filter?: RequestFilter): JournalEntry[]
  count(filter?: RequestFilter): number
  /** Requests nothing answered. */
  unmatched(): JournalEntry[]
  /** Clears one scenario's entries (and its instances), or all. */
  clear(scenario?: string): void
}

const BODY_LIMIT = 64 * 1024

/** The journal plus the write side the server uses. */
export interface JournalStore extends Journal {
  /** Stores an entry (numbering it) and returns it. */
  record(entry: Omit<JournalEntry, 'seq'>): JournalEntry
}

/**
 * Creates a journal keeping at most `limit` entries per scenario id and `totalLimit` in all.
 *
 * @example
 * const journal = createJournal(1000)
 */
export function createJournal(limit: number, totalLimit = Math.max(limit, 10_000)): JournalStore {
  // Per scenario id, entries oldest first (at most `limit`); `order` holds every entry oldest
  // first, so the journal as a whole keeps at most `totalLimit` (many `#` instances stay bounded).
  const rings = new Map<string, JournalEntry[]>()
  let order: JournalEntry[] = []
  const evicted = new WeakSet<JournalEntry>()
  let total = 0
  let seq = 0
  const all = (filter: RequestFilter | undefined): JournalEntry[] => {
    const test = compileFilter(filter)
    const out: JournalEntry[] = []
    for (const ring of rings.values()) for (const e of ring) if (test(e)) out.push(e)
    return out.sort((a, b) => a.seq - b.seq)
  }
  return {
    record(entry) {
      let ring = rings.get(entry.scenario)
      if (ring === undefined) {
        ring = []
        rings.set(entry.scenario, ring)
      }
      const body = entry.body.length > BODY_LIMIT ? `${entry.body.slice(0, BODY_LIMIT)}…` : entry.body
      const stored: JournalEntry = { ...entry, body, seq: ++seq }
      ring.push(stored)
      order.push(stored)
      total++
      if (ring.length > limit) {
        evicted.add(ring.shift() as JournalEntry)
        total--
      }
      while (total > totalLimit) {
        const oldest = order.shift() as JournalEntry
        const owner = rings.get(oldest.scenario)
        if (owner !== undefined && owner[0] === oldest) {
          owner.shift()
          total--
        }
      }
      // Drop entries the per-scenario limit already evicted, so `order` stays bounded too.
      if (order.length > 2 * totalLimit) order = order.filter((e) => !evicted.has(e))
      return stored
    },
    entries: (filter) => all(filter),
    count: (filter) => all(filter).length,
    unmatched: () => all(undefined).filter((e) => e.answeredBy.kind === 'none'),
    clear(scenario) {
      for (const key of [...rings.keys()]) {
        if (scenario === undefined || inScenario(key, scenario)) {
          total -= rings.get(key)?.length ?? 0
          rings.delete(key)
        }
      }
      const live = new Set<JournalEntry>()
      for (const ring of rings.values()) for (const e of ring) live.add(e)
      order = order.filter((e) => live.has(e))
    },
  }
}

/** Compiles a filter into a predicate. */
export function compileFilter(filter: RequestFilter | undefined): (e: JournalEntry) => boolean {
  if (filter === undefined) return () => true
  const path = filter.path === undefined ? undefined : compilePath(filter.path)
  const method = filter.method?.toUpperCase()
  return (e) =>
    (method === undefined || e.method === method) &&
    (path === undefined || path.match(e.path) !== undefined) &&
    (filter.scenario === undefined || inScenario(e.scenario, filter.scenario)) &&
    (filter.stub === undefined || (e.answeredBy.kind === 'stub' && e.answeredBy.id === filter.stub)) &&
    (filter.pack === undefined || (e.answeredBy.kind === 'pack' && e.answeredBy.name === filter.pack)) &&
    (filter.status === undefined || e.status === filter.status)
}

function inScenario(id: string, wanted: string): boolean {
  return id === wanted || (!wanted.includes('#') && baseOf(id) === wanted)
}
