/**
 * The engine seam: where PostgreSQL comes from. Every engine returns a started handle.
 * @module
 */

/** A running PostgreSQL server that pgtestbed can create databases on. */
export interface StartedEngine extends AsyncDisposable {
  readonly kind: 'embedded' | 'url' | 'pglite'
  /** Admin connection URL (a maintenance database, never a test database). */
  readonly url: string
  /**
   * The same server and role over a Unix socket only the server's owner can reach (the embedded
   * engine's), where the password is checked without SCRAM's extra round trip and hashing: what
   * pgtestbed's own sessions use. Absent where there is no such socket.
   */
  readonly socketUrl?: string
  /** Server version, e.g. `17.10`. */
  readonly serverVersion: string
  /** `server_version_num`, e.g. 170010. */
  readonly serverVersionNum: number
  /** True when `close()` stops the server (this process started it). */
  readonly owned: boolean
  /** Stops the server if this handle owns it. Safe to call twice. */
  close(): Promise<void>
}

export { databaseUrl, redactUrl } from '../sql/index.js'
