/**
 * `@pgtestbed/mock/oauth` (also `pgtestbed/oauth`): OAuth refresh-token rotation for CI (`pgtestbed oauth rotate`,
 * docs/mock-packs.md).
 *
 * @example
 * import { rotateRefreshToken } from '@pgtestbed/mock/oauth'
 * await rotateRefreshToken({ tokenUrl, clientId, clientSecret, refreshToken, writeFile: '.secrets/refresh-token' })
 * @module
 */
export {
  type GithubSecretOptions,
  type HttpOptions,
  OAuthRotationError,
  type RefreshedTokens,
  type RefreshOptions,
  type RotateOptions,
  type RotationResult,
  type RotationStep,
  refreshAccessToken,
  rotateRefreshToken,
  sealBox,
  type TokenValidation,
  updateGithubSecret,
  validateAccessToken,
} from '../oauth/index.js'
