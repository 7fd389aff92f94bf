/**
 * Flyway's `flyway_schema_history`: one row per applied script, its CRC-32 checksum (computed
 * line by line, line breaks and a leading BOM left out, as a signed 32-bit integer) and `success`.
 * Versions at or below a `BASELINE` row count as applied.
 * @module
 */
import { readFileSync } from 'node:fs'
import { compareVersions } from '../../sql/migrations/formats/shared.js'
import { crc32 } from './crc32.js'
import { type StateTable, type ToolRecord, tableExists } from './types.js'

/** Flyway's checksum of a script's text. */
export function flywayChecksum(text: string): number {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  if (lines.at(-1) === '') lines.pop() // readLine() gives no empty line after the last break
  let crc = 0
  for (const line of lines) crc = crc32(Buffer.from(line, 'utf8'), crc)
  return crc | 0
}

export const flywayTable: StateTable = {
  tool: 'flyway',
  table: 'flyway_schema_history',
  async read(session, set) {
    if (!(await tableExists(session, 'flyway_schema_history'))) return undefined
    const { rows } = await session.query<{
      version: string | null
      script: string
      checksum: number | null
      type: string
      success: boolean
    }>('select version, script, checksum, type, success from flyway_schema_history order by installed_rank')
    const records = new Map<string, ToolRecord>()
    for (const row of rows) {
      if (row.type === 'SCHEMA') continue
      if (row.type === 'BASELINE' && row.version !== null) {
        const baseline = row.version
        for (const m of set.migrations) {
          if (m.repeatable !== true && compareVersions(m.id, baseline) <= 0) {
            records.set(m.id, { key: m.id, state: 'applied', note: `at or below baseline ${baseline}` })
          }
        }
        continue
      }
      if (row.type.startsWith('UNDO')) {
        if (row.version !== null && row.success) records.delete(row.version)
        continue
      }
      const key = row.version ?? row.script
      records.set(key, {
        key,
        ...(row.checksum !== null ? { checksum: String(row.checksum) } : {}),
        state: row.success ? 'applied' : 'dirty',
        ...(row.success ? {} : { note: 'success = false in flyway_schema_history (run flyway repair)' }),
      })
    }
    return [...records.values()]
  },
  // The reader spells versions as Flyway stores them (`1_1` as `1.1`); repeatables are keyed by script.
  key: (m) => (m.repeatable === true ? m.name : m.id),
  checksum: (m) => String(flywayChecksum(readFileSync(m.up.file, 'utf8'))),
}
