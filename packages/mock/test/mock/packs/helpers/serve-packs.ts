/**
 * Starts the real mock server (`startMockServer`) with provider packs and their scenario data, and gives the
 * tests a compact view of what it served (`METHOD path status`, from the journal).
 */
import { startMockServer } from '../../../../src/mock/index.js'

export interface PackServer {
  readonly url: string
  /** Requests served so far, in order: `METHOD path status`. */
  readonly seen: readonly string[]
  /** Moves the server clock. */
  advance(ms: number): void
  close(): Promise<void>
}

export async function servePacks(options: {
  readonly packs: readonly string[]
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>
}): Promise<PackServer> {
  const mock = await startMockServer({ packs: options.packs, packData: options.data ?? {}, port: 0 })
  return {
    url: mock.url,
    get seen() {
      return mock.journal.entries().map((e) => `${e.method} ${e.path} ${e.status ?? 'no-status'}`)
    },
    advance: (ms) => mock.clock.advance(ms),
    close: () => mock.close(),
  }
}
