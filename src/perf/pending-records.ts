/**
 * Test records on their way to a run record: every test process appends one JSON line per test
 * to `pending/<runId>.ndjson` (appends of one short line do not interleave), and the end of the
 * run gathers them.
 * @module
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { TestRecord } from './record.js'

/** The pending file of a run. */
export function pendingFile(dir: string, runId: string): string {
  return join(dir, 'pending', `${runId.replace(/[^\w.-]/g, '_')}.ndjson`)
}

/** Appends one test record (with the server version seen, for the run record). */
export function appendPending(dir: string, runId: string, record: TestRecord, serverVersion?: string): void {
  const file = pendingFile(dir, runId)
  mkdirSync(join(dir, 'pending'), { recursive: true })
  appendFileSync(file, `${JSON.stringify({ ...record, serverVersion })}\n`)
}

/** Reads (and with `remove`, deletes) a run's pending records; unreadable lines are skipped. */
export function takePending(
  dir: string,
  runId: string,
  options: { remove: boolean },
): { tests: TestRecord[]; serverVersion: string | undefined; skipped: number } {
  const file = pendingFile(dir, runId)
  let text = ''
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return { tests: [], serverVersion: undefined, skipped: 0 }
  }
  const tests: TestRecord[] = []
  let serverVersion: string | undefined
  let skipped = 0
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    try {
      const { serverVersion: v, ...record } = JSON.parse(line) as TestRecord & { serverVersion?: string }
      serverVersion ??= v
      tests.push(record)
    } catch {
      skipped++ // a line cut short by a killed process
    }
  }
  if (options.remove) rmSync(file, { force: true })
  return { tests, serverVersion, skipped }
}
