/**
 * The errors pgtestbed throws. Every error has a stable `code` and a message in one pattern:
 * what failed, why, and how to fix it. A PostgreSQL error that caused it is kept as `cause`.
 *
 * @example
 * try { await createTestbed() } catch (err) {
 *   if (err instanceof PgtestbedError && err.code === 'PGT_NO_BINARIES') console.error(err.message)
 * }
 * @module
 */

/** Stable error codes; tests and callers match on these, never on message text. */
export type ErrorCode =
  | 'PGT_CONFIG_INVALID'
  | 'PGT_CONFIG_LOAD'
  | 'PGT_NO_BINARIES'
  | 'PGT_ENGINE_START'
  | 'PGT_DATA_ROOT'
  | 'PGT_PORT_IN_USE'
  | 'PGT_UNREACHABLE'
  | 'PGT_NO_CREATEDB'
  | 'PGT_TEMPLATE_BUILD'
  | 'PGT_POOL_EXHAUSTED'
  | 'PGT_POOL_CLOSED'
  | 'PGT_NOT_RUNNING'
  | 'PGT_USAGE'
  | 'PGT_OAUTH_REFRESH'
  | 'PGT_OAUTH_VALIDATE'
  | 'PGT_GITHUB_SECRET'
  | 'PGT_MOCK_STUBS_INVALID'
  | 'PGT_MOCK_UNKNOWN_PACK'
  | 'PGT_MOCK_RECORD_TARGET'
  | 'PGT_MOCK_NOT_FOUND'
  | 'PGT_MOCK_ADMIN_TOKEN'
  | 'PGT_MOCK_NOT_INSTALLED'
  | 'PGT_SCHEMA_SOURCE'
  | 'PGT_SCHEMA_SQL'
  | 'PGT_INTROSPECT'
  | 'PGT_SCENARIO_INVALID'
  | 'PGT_SCENARIO_SETUP'
  | 'PGT_FAULT_INVALID'
  | 'PGT_MIGRATION_LAYOUT'
  | 'PGT_MIGRATION_FORMAT'
  | 'PGT_MIGRATION_FAILED'
  | 'PGT_SQL_PARSE'
  | 'PGT_FIXTURE_NOT_FOUND'
  | 'PGT_FIXTURE_INVALID'
  | 'PGT_FIXTURE_LOAD'
  | 'PGT_FACTORY_FAILED'
  | 'PGT_PERF_RECORD'
  | 'PGT_PERF_BASELINE'
  | 'PGT_PERF_NO_RUN'
  | 'PGT_PERF_NO_BUDGETS'
  | 'PGT_PERF_AB'
  | 'PGT_VECTOR_MISSING'
  | 'PGT_VECTOR_INPUT'

/**
 * The base class: `code` is stable, `message` says what failed, why, and how to fix it.
 *
 * @example
 * if (err instanceof PgtestbedError && err.code === 'PGT_POOL_EXHAUSTED') console.error(err.message)
 */
export class PgtestbedError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

/**
 * Bad configuration or command-line usage (exit code 2).
 *
 * @example
 * await expect(createTestbed({ engine: 'nope' } as never)).rejects.toThrow(ConfigError)
 */
export class ConfigError extends PgtestbedError {}

/**
 * The engine could not be found, started or reached.
 *
 * @example
 * catch (err) { if (err instanceof EngineError && err.code === 'PGT_NO_BINARIES') console.error(err.message) }
 */
export class EngineError extends PgtestbedError {}

/**
 * Building a template database failed; `file` and `line` point at the failing input.
 *
 * @example
 * catch (err) { if (err instanceof TemplateBuildError) console.error(`${err.file}:${err.line}`, err.message) }
 */
export class TemplateBuildError extends PgtestbedError {
  readonly file: string | undefined
  readonly line: number | undefined

  constructor(message: string, where: { file?: string; line?: number; cause?: unknown }) {
    super('PGT_TEMPLATE_BUILD', message, { cause: where.cause })
    this.file = where.file
    this.line = where.line
  }
}

/**
 * The pool could not hand out a database (`PGT_POOL_EXHAUSTED`, `PGT_POOL_CLOSED`).
 *
 * @example
 * catch (err) { if (err instanceof PoolError && err.code === 'PGT_POOL_EXHAUSTED') await bed.close() }
 */
export class PoolError extends PgtestbedError {}

/** Formats a failure as "Failed to <what>: <why>. <fix>" — the one message pattern used everywhere. */
export function failure(what: string, why: string, fix: string): string {
  const reason = why.replace(/\.$/, '')
  return `Failed to ${what}: ${reason}. ${fix}`
}

/** The message of anything thrown, for embedding in another message. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
