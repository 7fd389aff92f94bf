/** The pglite engine: imported only by `startEngine` paths (never by the lean worker path). */
export { type ImportModule, loadPglite, PGLITE_PACKAGES, pgliteInstalled } from './load-pglite.js'
export { type StartPgliteOptions, startPglite } from './start-pglite.js'
