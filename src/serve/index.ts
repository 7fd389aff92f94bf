/**
 * Per-test databases over HTTP for any language: IntegreSQL's API and pgtestbed's short route,
 * on the warm pool. Internal door of the folder.
 * @module
 */
export { HttpError } from './http-error.js'
export { type ServeHandle, type StartServeOptions, startServe } from './start-serve.js'
export type { ServeState } from './state-file.js'
