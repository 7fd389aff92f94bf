/**
 * Recorded test-file durations, read from JUnit XML files (vitest's, jest-junit's, node's
 * `--test-reporter=junit`, pytest's `--junitxml`) or a JSON map `{ "test/a.test.ts": 1.25 }` (seconds). Only the file
 * name and time attributes are read, so a small scan does instead of an XML library.
 * @module
 */
import { readFileSync } from 'node:fs'
import { extname, isAbsolute, relative, resolve } from 'node:path'
import { ConfigError, failure, messageOf } from '../errors.js'

/** Seconds per test file, keyed by the path relative to the project root. */
export type Durations = ReadonlyMap<string, number>

/**
 * Reads and merges duration files (a file seen twice keeps its largest time).
 *
 * @example
 * const durations = readDurations(['reports/junit.xml'], process.cwd())
 */
export function readDurations(paths: readonly string[], rootDir: string): Durations {
  const merged = new Map<string, number>()
  for (const path of paths) {
    const full = resolve(rootDir, path)
    let text: string
    try {
      text = readFileSync(full, 'utf8')
    } catch (err) {
      throw new ConfigError(
        'PGT_USAGE',
        failure(
          `read the durations file ${path}`,
          messageOf(err),
          'Pass a JUnit XML or JSON file a previous run wrote, or leave --durations out to balance by file size.',
        ),
      )
    }
    const found = extname(full) === '.json' ? fromJson(text, path) : fromJunit(text, path)
    for (const [file, seconds] of found) {
      const key = normalize(file, rootDir)
      merged.set(key, Math.max(merged.get(key) ?? 0, seconds))
    }
  }
  return merged
}

function normalize(file: string, rootDir: string): string {
  return (isAbsolute(file) ? relative(rootDir, file) : file).replaceAll('\\', '/').replace(/^\.\//, '')
}

function fromJson(text: string, path: string): Map<string, number> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw corrupt(path, `it is not valid JSON (${messageOf(err)})`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw corrupt(path, 'it is not an object of file → seconds')
  const out = new Map<string, number>()
  for (const [file, seconds] of Object.entries(data)) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
      throw corrupt(path, `the time of "${file}" is not a number of seconds`)
    out.set(file, seconds)
  }
  return out
}

const ELEMENT = /<(testsuite|testcase)\b([^>]*)>/g
const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g

/** Suites give a file's time directly; test cases (by `file`, else `classname`) are summed. */
function fromJunit(text: string, path: string): Map<string, number> {
  if (!/<testsuites?\b/.test(text)) throw corrupt(path, 'it has no <testsuite> element (not a JUnit report?)')
  const suites = new Map<string, number>()
  const cases = new Map<string, number>()
  for (const match of text.matchAll(ELEMENT)) {
    const attrs = new Map(
      [...(match[2] ?? '').matchAll(ATTRIBUTE)].map((a) => [a[1] ?? '', decodeXml(a[2] ?? '')]),
    )
    const time = Number(attrs.get('time'))
    if (!Number.isFinite(time)) continue
    const named = attrs.get('file') ?? (match[1] === 'testsuite' ? attrs.get('name') : attrs.get('classname'))
    const file = named !== undefined && looksLikeFile(named) ? named : pytestModuleFile(named)
    if (file === undefined) continue
    const into = match[1] === 'testsuite' ? suites : cases
    into.set(file, (into.get(file) ?? 0) + time)
  }
  for (const [file, seconds] of cases) if (!suites.has(file)) suites.set(file, seconds)
  if (suites.size === 0) throw corrupt(path, 'no <testsuite> or <testcase> names a test file with a time')
  return suites
}

function looksLikeFile(name: string): boolean {
  return /\.[cm]?[jt]sx?$/.test(name)
}

/**
 * pytest's `--junitxml` names no file: a test case's classname is its module's dotted path, then
 * any classes (`tests.api.test_users.TestSignup`). The module is the last part named as pytest
 * collects files (`test_*`, `*_test`): `tests/api/test_users.py`.
 */
function pytestModuleFile(classname: string | undefined): string | undefined {
  if (classname === undefined || !/^[\w.]+$/.test(classname)) return undefined
  const parts = classname.split('.')
  const module = parts.findLastIndex((part) => /^test_\w*$|^\w+_test$/.test(part))
  return module < 0 ? undefined : `${parts.slice(0, module + 1).join('/')}.py`
}

function decodeXml(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
}

function corrupt(path: string, why: string): ConfigError {
  return new ConfigError(
    'PGT_USAGE',
    failure(
      `read the durations file ${path}`,
      why,
      'Regenerate it (e.g. vitest --reporter=junit --outputFile=junit.xml), or leave --durations out to balance by file size.',
    ),
  )
}
