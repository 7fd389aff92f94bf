/**
 * The errors @pgtestbed/mock throws: one base class with a stable `code` and a message in
 * pgtestbed's pattern (what failed, why, how to fix it). The package has its own (not
 * pgtestbed's `PgtestbedError`) so the mock installs and runs without the database code; the
 * codes are the ones pgtestbed used when the mock was part of it.
 * @module
 */

/** Stable error codes of the mock server and OAuth rotation; match on these, never on message text. */
export type MockErrorCode =
  | 'PGT_MOCK_STUBS_INVALID'
  | 'PGT_MOCK_UNKNOWN_PACK'
  | 'PGT_MOCK_RECORD_TARGET'
  | 'PGT_MOCK_NOT_FOUND'
  | 'PGT_MOCK_ADMIN_TOKEN'
  | 'PGT_PORT_IN_USE'
  | 'PGT_OAUTH_REFRESH'
  | 'PGT_OAUTH_VALIDATE'
  | 'PGT_GITHUB_SECRET'

/**
 * An error of the mock server (or of OAuth rotation), with a stable `code`.
 *
 * @example
 * try { await startMockServer({ port: 4010 }) } catch (err) {
 *   if (err instanceof MockError && err.code === 'PGT_PORT_IN_USE') console.error(err.message)
 * }
 */
export class MockError extends Error {
  /** Stable: match on it, never on the message. */
  readonly code: MockErrorCode

  constructor(code: MockErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

/** Formats a failure as "Failed to <what>: <why>. <fix>" — the one message pattern used everywhere. */
export function failure(what: string, why: string, fix: string): string {
  const reason = why.replace(/\.$/, '')
  return `Failed to ${what}: ${reason}. ${fix}`
}

/** The message of anything thrown, for embedding in another message. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
