/**
 * The error of perf tracking: a stable code and a message saying what failed and how to fix it.
 * @module
 */
import { PgtestbedError } from '../errors.js'

/**
 * Thrown for an unreadable or foreign record file, a baseline that would be overwritten, or no run yet.
 *
 * @example
 * try { readRun(file) } catch (err) { if (err instanceof PerfError) console.log(err.code) }
 */
export class PerfError extends PgtestbedError {}
