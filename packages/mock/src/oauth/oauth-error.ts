/**
 * The error the token-rotation steps throw: a stable `code`, the step that failed, and what the server said.
 * @module
 */
import { MockError } from '../errors.js'

/** Which step of a rotation failed. */
export type RotationStep = 'refresh' | 'validate' | 'github' | 'write'

/**
 * A failed rotation step. `status` and `oauthError` carry the HTTP status and RFC 6749 `error` when there was
 * an answer.
 *
 * @example
 * try { await rotateRefreshToken(options) } catch (err) {
 *   if (err instanceof OAuthRotationError && err.oauthError === 'invalid_grant') console.error('re-consent needed')
 * }
 */
export class OAuthRotationError extends MockError {
  readonly step: RotationStep
  readonly status: number | undefined
  readonly oauthError: string | undefined

  constructor(
    step: RotationStep,
    message: string,
    details: { readonly status?: number; readonly oauthError?: string; readonly cause?: unknown } = {},
  ) {
    super(
      step === 'refresh'
        ? 'PGT_OAUTH_REFRESH'
        : step === 'github'
          ? 'PGT_GITHUB_SECRET'
          : 'PGT_OAUTH_VALIDATE',
      message,
      {
        cause: details.cause,
      },
    )
    this.step = step
    this.status = details.status
    this.oauthError = details.oauthError
  }
}
