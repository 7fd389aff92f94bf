/**
 * Runs the demo's example suite with `node --test` against a prepared server and reads its TAP
 * report, so a failing example test is named with its error instead of only counted.
 * @module
 */
import { spawn } from 'node:child_process'
import { HANDOFF_ENV, type RunHandoff } from '../../pool/handoff.js'

/** One failed test of the example suite. */
export interface ExampleTestFailure {
  readonly name: string
  /** `file:line:column` where the test is declared, when node reports it. */
  readonly location?: string
  readonly error: string
}

export interface ExampleTestResult {
  readonly passed: number
  readonly failed: number
  readonly failures: readonly ExampleTestFailure[]
}

/** Runs `node --test test/` in `dir`, attached to the prepared run (as `pgtestbed run` does). */
export function runExampleTests(dir: string, handoff: RunHandoff): Promise<ExampleTestResult> {
  return new Promise((resolve, reject) => {
    // Both files at once: node's default (cores - 1) runs them one after the other on 2 cores.
    const args = ['--test', '--test-concurrency=2', '--test-reporter=tap', 'test/']
    const child = spawn(process.execPath, args, {
      cwd: dir,
      env: {
        ...process.env,
        PGTESTBED_URL: handoff.url,
        PGTESTBED_RUN_ID: handoff.runId,
        [HANDOFF_ENV]: JSON.stringify(handoff),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString()
    })
    child.once('error', reject)
    child.once('exit', async (code) => {
      // yaml loads only now: the demo prints its first line before anything heavy is imported.
      const { parse } = await import('yaml')
      const count = (name: string): number => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(out)?.[1] ?? 0)
      const failures = tapFailures(out, parse)
      const failed = count('fail') + count('cancelled')
      // A crash before any TAP summary (a syntax error, a missing module) is a failure too.
      if (failed === 0 && code !== 0)
        failures.push({ name: 'node --test', error: err.trim() || `exited with code ${code}` })
      resolve({ passed: count('pass'), failed: Math.max(failed, failures.length), failures })
    })
  })
}

/** The failed tests of a TAP report from node's test runner, with the error each reported. */
export function tapFailures(tap: string, parse: (yaml: string) => unknown): ExampleTestFailure[] {
  const lines = tap.split('\n')
  const failures: ExampleTestFailure[] = []
  // What a test file printed outside any test (a crash while loading) arrives as `#` comments.
  let printed: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (/^\s*ok \d+/.test(line)) printed = []
    else if (line.startsWith('# ') && !line.startsWith('# Subtest:')) printed.push(line.slice(2))
    const head = /^(\s*)not ok \d+ - (.*?)(?:\s+#.*)?$/.exec(line)
    if (head === null) continue
    const indent = `${head[1] ?? ''}  `
    let details: { location?: unknown; error?: unknown; failureType?: unknown } = {}
    if (lines[i + 1] === `${indent}---`) {
      const end = lines.indexOf(`${indent}...`, i + 2)
      if (end > 0) {
        const block = lines.slice(i + 2, end).map((l) => l.slice(indent.length))
        details = (parse(block.join('\n')) as typeof details | null) ?? {}
        i = end
      }
    }
    // A suite fails because a test in it did; that test is listed on its own.
    if (details.failureType === 'subtestsFailed') continue
    failures.push({
      name: head[2] ?? '?',
      ...(typeof details.location === 'string' ? { location: details.location } : {}),
      error:
        details.error === 'test failed' && printed.length > 0
          ? printed.join('\n')
          : typeof details.error === 'string'
            ? details.error.trim()
            : 'failed',
    })
    printed = []
  }
  return failures
}
