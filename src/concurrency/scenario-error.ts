/**
 * The error thrown when a scenario cannot run: bad input (unknown session, malformed file) or a
 * setup that fails or blocks. A step that fails is not an error: it is reported.
 * @module
 */
import { PgtestbedError } from '../errors.js'

/**
 * A scenario that cannot run. `file` and `line` point at the input when it came from a file.
 *
 * @example
 * try { await interleave(spec, { url }) } catch (err) {
 *   if (err instanceof ScenarioError) console.error(err.message)
 * }
 */
export class ScenarioError extends PgtestbedError {
  readonly file: string | undefined
  readonly line: number | undefined

  constructor(
    code: 'PGT_SCENARIO_INVALID' | 'PGT_SCENARIO_SETUP',
    message: string,
    where: { file?: string; line?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: where.cause })
    this.file = where.file
    this.line = where.line
  }
}
