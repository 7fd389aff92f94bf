/**
 * Token rotation for CI: refresh, validate, then store the refresh token where the next run finds it (a file,
 * a GitHub Actions secret).
 *
 * Persisting rule: when the server rotated the refresh token, the old one is dead, so the new one is always
 * stored — even when validation fails (then the result says so and the CLI exits 1). When it did not rotate and
 * validation fails, nothing is touched.
 * @module
 */
import { chmod, rename, writeFile } from 'node:fs/promises'
import { failure, messageOf } from '../errors.js'
import type { HttpOptions } from './http.js'
import { OAuthRotationError } from './oauth-error.js'
import { type RefreshOptions, refreshAccessToken } from './refresh-access-token.js'
import { type GithubSecretOptions, updateGithubSecret } from './update-github-secret.js'
import { type TokenValidation, validateAccessToken } from './validate-access-token.js'

/** Everything a rotation needs. */
export interface RotateOptions extends RefreshOptions {
  /** GET this with the new access token; a non-2xx fails the rotation (exit code 1 in the CLI). */
  readonly validateUrl?: string
  /** Write the refresh token (one line, mode 0600) to this file. */
  readonly writeFile?: string
  /** Store the refresh token as a GitHub Actions repository secret. */
  readonly github?: Omit<GithubSecretOptions, 'value' | keyof HttpOptions>
}

/** What a rotation did. Frozen data. */
export interface RotationResult {
  readonly kind: 'oauth-rotation'
  /** The refresh token to use from now on (the new one when rotated, else the one passed in). */
  readonly refreshToken: string
  readonly rotated: boolean
  readonly accessTokenExpiresIn: number | undefined
  readonly scope: string | undefined
  readonly validation: TokenValidation | undefined
  /** Whether the token was stored (file and/or GitHub); false when validation failed and nothing rotated. */
  readonly persisted: boolean
  readonly wroteFile: string | undefined
  readonly github:
    | { readonly repo: string; readonly secret: string; readonly status: 'created' | 'updated' }
    | undefined
}

/**
 * Refreshes, validates and stores a refresh token.
 *
 * @example
 * const result = await rotateRefreshToken({
 *   tokenUrl: 'https://oauth2.googleapis.com/token', clientId, clientSecret, refreshToken,
 *   validateUrl: 'https://www.googleapis.com/calendar/v3/users/me/calendarList?maxResults=1',
 *   github: { repo: 'acme/app', name: 'GOOGLE_REFRESH_TOKEN', token: process.env.GITHUB_TOKEN! },
 * })
 * if (result.validation?.ok === false) process.exitCode = 1
 */
export async function rotateRefreshToken(options: RotateOptions): Promise<RotationResult> {
  const tokens = await refreshAccessToken(options)
  const rotated = tokens.refreshToken !== undefined && tokens.refreshToken !== options.refreshToken
  const refreshToken = tokens.refreshToken ?? options.refreshToken
  const validation =
    options.validateUrl === undefined
      ? undefined
      : await validateAccessToken(options.validateUrl, tokens.accessToken, options)
  const persist = rotated || validation === undefined || validation.ok
  let wroteFile: string | undefined
  let github: RotationResult['github']
  if (persist && options.writeFile !== undefined) {
    await writeSecretFile(options.writeFile, refreshToken)
    wroteFile = options.writeFile
  }
  if (persist && options.github !== undefined) {
    const { status } = await updateGithubSecret({
      ...options.github,
      value: refreshToken,
      ...httpOptions(options),
    })
    github = { repo: options.github.repo, secret: options.github.name, status }
  }
  return Object.freeze({
    kind: 'oauth-rotation',
    refreshToken,
    rotated,
    accessTokenExpiresIn: tokens.expiresIn,
    scope: tokens.scope,
    validation,
    persisted: persist && (wroteFile !== undefined || github !== undefined),
    wroteFile,
    github,
  })
}

function httpOptions(options: HttpOptions): HttpOptions {
  return {
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
  }
}

/** Writes atomically (temp file + rename) with owner-only permissions. */
async function writeSecretFile(path: string, value: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`
  try {
    await writeFile(temp, `${value}\n`, { mode: 0o600 })
    await chmod(temp, 0o600)
    await rename(temp, path)
  } catch (err) {
    throw new OAuthRotationError(
      'write',
      failure(
        `write the refresh token to ${path}`,
        messageOf(err),
        'Check that the folder exists and is writable.',
      ),
      {
        cause: err,
      },
    )
  }
}
