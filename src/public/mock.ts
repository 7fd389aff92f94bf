/**
 * `pgtestbed/mock`: the mock HTTP server for the external APIs an app calls (docs/mock.md). It
 * lives in its own package, `@pgtestbed/mock` (an optional peer dependency: `npm install -D
 * @pgtestbed/mock`); this subpath re-exports it, so both import paths give the same names.
 *
 * @example
 * import { startMockServer, verifyReceived } from 'pgtestbed/mock'
 * await using mock = await startMockServer({ dir: 'fixtures/mock-scenarios' })
 * verifyReceived(mock, { method: 'GET', path: '/users/:id', times: 1 })
 * @module
 */
export * from '@pgtestbed/mock'
