/**
 * Makes `pg_dump` / psql script text runnable as plain SQL without changing its line numbers:
 * `\restrict KEY` / `\unrestrict KEY` (random per dump since 15.14/16.10/17.6, pure noise for a
 * schema) and `COPY … FROM stdin` data blocks become blank lines; any other psql meta-command is
 * reported, since a server cannot run it.
 * @module
 */

/** A psql meta-command the server cannot run, with its 1-based line. */
export interface MetaCommand {
  readonly line: number
  readonly text: string
}

/**
 * The SQL with noise blanked out (same line count), and the meta-commands that remain.
 *
 * @example
 * const { sql, metaCommands } = stripDumpNoise(readFileSync('dump.sql', 'utf8'))
 */
export function stripDumpNoise(sql: string): { sql: string; metaCommands: MetaCommand[] } {
  const lines = sql.split('\n')
  const metaCommands: MetaCommand[] = []
  let inCopyData = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (inCopyData) {
      if (line === '\\.') inCopyData = false
      lines[i] = ''
      continue
    }
    if (/^\s*\\(restrict|unrestrict)\b/.test(line)) {
      lines[i] = ''
      continue
    }
    if (/^COPY\s.+\sFROM\s+stdin\b.*;\s*$/i.test(line)) {
      // schema comparison ignores data: drop the statement and its rows
      inCopyData = true
      lines[i] = ''
      continue
    }
    if (/^\s*\\/.test(line)) metaCommands.push({ line: i + 1, text: line.trim() })
  }
  return { sql: lines.join('\n'), metaCommands }
}
