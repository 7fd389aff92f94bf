/**
 * What the `isolation` commands share: a scratch database on the configured server, created for
 * the command and dropped afterwards, and the parsing of `--levels`.
 * @module
 */
import type { IsolationLevel } from '../../concurrency/index.js'
import { failure } from '../../errors.js'
import { withScratchDatabase } from '../../sql/index.js'
import type { CommandIO } from '../command.js'
import { usageError } from '../command.js'
import { projectConfig, withEngine } from '../project.js'

/**
 * Starts (or attaches to) the configured engine, creates `<prefix>_iso_<random>`, runs `fn` with
 * its URL, then drops it and stops the engine, even when `fn` fails.
 *
 * @example
 * const table = await withIsolationDatabase(io, (url) => checkIsolation({ url }))
 */
export async function withIsolationDatabase<T>(
  io: CommandIO,
  fn: (url: string, serverVersion: string) => Promise<T>,
): Promise<T> {
  const config = await projectConfig(io)
  return withEngine(io, config, async (engine) => {
    return withScratchDatabase(engine.url, { prefix: config.prefix, purpose: 'iso' }, (db) =>
      fn(db.url, engine.serverVersion),
    )
  })
}

const LEVEL_ALIASES: Readonly<Record<string, IsolationLevel>> = {
  rc: 'read committed',
  'read-committed': 'read committed',
  'read committed': 'read committed',
  rr: 'repeatable read',
  'repeatable-read': 'repeatable read',
  'repeatable read': 'repeatable read',
  ser: 'serializable',
  serializable: 'serializable',
}

/**
 * Parses `--levels rc,rr,serializable` (names or aliases rc, rr, ser).
 *
 * @example
 * parseLevels('rc,serializable') // ['read committed', 'serializable']
 */
export function parseLevels(value: string): IsolationLevel[] {
  const levels = value
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '')
    .map((v) => {
      const level = LEVEL_ALIASES[v]
      if (level === undefined) {
        throw usageError(
          failure(
            `read --levels "${value}"`,
            `"${v}" is not an isolation level`,
            'Use read-committed (rc), repeatable-read (rr) or serializable (ser), separated by commas.',
          ),
        )
      }
      return level
    })
  if (levels.length === 0)
    throw usageError(failure('read --levels', 'it is empty', 'Name at least one level.'))
  return [...new Set(levels)]
}
