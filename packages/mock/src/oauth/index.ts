/**
 * OAuth token rotation for CI (`pgtestbed oauth rotate`): refresh a token, validate it, store the refresh token
 * in a file or a GitHub Actions secret (sealed-box encrypted).
 *
 * @example
 * import { rotateRefreshToken } from 'pgtestbed/oauth'
 * await rotateRefreshToken({ tokenUrl, clientId, clientSecret, refreshToken, writeFile: '.secrets/refresh-token' })
 * @module
 */
export type { HttpOptions } from './http.js'
export { OAuthRotationError, type RotationStep } from './oauth-error.js'
export { type RefreshedTokens, type RefreshOptions, refreshAccessToken } from './refresh-access-token.js'
export { type RotateOptions, type RotationResult, rotateRefreshToken } from './rotate-refresh-token.js'
export { boxKeyPairFromSecretKey, createBoxKeyPair, openSealedBox, sealBox } from './sealed-box.js'
export { type GithubSecretOptions, updateGithubSecret } from './update-github-secret.js'
export { type TokenValidation, validateAccessToken } from './validate-access-token.js'
