/**
 * `pgtestbed/oauth`: OAuth refresh-token rotation for CI (`pgtestbed oauth rotate`,
 * docs/mock-packs.md). Part of the `@pgtestbed/mock` package (`npm install -D @pgtestbed/mock`);
 * this subpath re-exports `@pgtestbed/mock/oauth`.
 *
 * @example
 * import { rotateRefreshToken } from 'pgtestbed/oauth'
 * await rotateRefreshToken({ tokenUrl, clientId, clientSecret, refreshToken, writeFile: '.secrets/refresh-token' })
 * @module
 */
export * from '@pgtestbed/mock/oauth'
