/**
 * CI support: waiting for a server, shards balanced by recorded durations, generated workflows.
 * @module
 */
export { type WaitOptions, type WaitResult, waitForServer } from './wait-for-server.js'
