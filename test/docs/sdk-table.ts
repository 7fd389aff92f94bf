/**
 * Reads the "What the official SDKs need" table of docs/mock-packs.md and checks each row against
 * the repository: the version column is the version installed, and the tests it names exist and
 * run that SDK (imported by the test file, or by a helper or fixture script the file uses).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

export interface SdkRow {
  /** 1-based line in the markdown file. */
  readonly line: number
  /** The SDK cell as written (e.g. "`openid-client` over http"). */
  readonly sdk: string
  /** The npm package named first in the SDK cell. */
  readonly pkg: string
  readonly version: string
  /** Test file patterns from the Test cell (`*` matches within a file name). */
  readonly tests: readonly string[]
}

export interface TableCheck {
  /** The markdown file's path, for messages. */
  readonly file: string
  /** The folder the Test column's paths are relative to. */
  readonly testRoot: string
  /** Folders searched for `node_modules/<pkg>/package.json`, first hit wins. */
  readonly moduleRoots: readonly string[]
}

const HEADING = '## What the official SDKs need'

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim())

/** The table's rows; none when the heading or the table is missing. */
export function readSdkTable(markdown: string): SdkRow[] {
  const lines = markdown.split('\n')
  const start = lines.findIndex((l) => l.trim() === HEADING)
  if (start === -1) return []
  const headerAt = lines.findIndex((l, i) => i > start && l.trim().startsWith('|'))
  if (headerAt === -1) return []
  const header = cells(lines[headerAt]!)
  const col = (name: string): number => header.indexOf(name)
  const [sdkCol, versionCol, testCol] = [col('SDK'), col('Version tested'), col('Test')]
  if (sdkCol === -1 || versionCol === -1 || testCol === -1) return []
  const rows: SdkRow[] = []
  for (let i = headerAt + 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++) {
    const row = cells(lines[i]!)
    const sdk = row[sdkCol] ?? ''
    const tests = [...(row[testCol] ?? '').matchAll(/`([^`]+\.test\.ts)`/g)].map((m) => m[1]!)
    rows.push({
      line: i + 1,
      sdk,
      pkg: /`([^`]+)`/.exec(sdk)?.[1] ?? '',
      version: row[versionCol] ?? '',
      tests,
    })
  }
  return rows
}

/** Every problem of the table, one message per problem, naming the row; empty when all hold. */
export function checkSdkTable(markdown: string, check: TableCheck): string[] {
  const rows = readSdkTable(markdown)
  if (rows.length === 0)
    return [
      `${check.file}: no "${HEADING}" table with SDK, Version tested and Test columns — restore the table (its rows are checked against the tests)`,
    ]
  return rows.flatMap((row) => checkRow(row, check))
}

function checkRow(row: SdkRow, check: TableCheck): string[] {
  const where = `${check.file}:${row.line}: row "${row.sdk}"`
  if (row.pkg === '') return [`${where}: the SDK cell names no package in backticks`]
  const problems: string[] = []
  const installed = installedVersion(row.pkg, check.moduleRoots)
  if (installed === undefined)
    problems.push(
      `${where}: ${row.pkg} is not installed (no node_modules/${row.pkg}/package.json) — run npm ci`,
    )
  else if (installed !== row.version)
    problems.push(
      `${where}: the table says ${row.pkg} ${row.version}, node_modules has ${installed} — update the "Version tested" cell after re-running the row's tests`,
    )
  if (row.tests.length === 0) problems.push(`${where}: the Test cell names no *.test.ts file`)
  for (const pattern of row.tests) {
    const files = matchFiles(check.testRoot, pattern)
    if (files.length === 0) {
      problems.push(`${where}: no test file matches ${pattern} (under ${check.testRoot}) — fix the Test cell`)
      continue
    }
    if (!files.some((f) => runsSdk(f, row.pkg)))
      problems.push(
        `${where}: ${files.map((f) => relative(check.testRoot, f)).join(', ')} has no test that uses ${row.pkg} — point the row at the test that does`,
      )
  }
  return problems
}

function installedVersion(pkg: string, roots: readonly string[]): string | undefined {
  for (const root of roots) {
    const file = join(root, 'node_modules', pkg, 'package.json')
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
  }
  return undefined
}

/** Files matching `dir/name*.test.ts` (the `*` stays within the file name). */
function matchFiles(root: string, pattern: string): string[] {
  const path = resolve(root, pattern)
  const dir = dirname(path)
  if (!existsSync(dir)) return []
  const name = new RegExp(
    `^${path
      .slice(dir.length + 1)
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '[^/]*')}$`,
  )
  return readdirSync(dir)
    .filter((f) => name.test(f))
    .map((f) => join(dir, f))
}

/** A file with tests that imports `pkg` itself or through a local module or script it uses (one level). */
function runsSdk(file: string, pkg: string): boolean {
  const text = readFileSync(file, 'utf8')
  if (!/\b(it|test)(\.\w+)*\(/.test(text)) return false
  const quoted = pkg.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const imports = new RegExp(`(from|import\\(|require\\()\\s*['"]${quoted}['"]`)
  if (imports.test(text)) return true
  // Local modules (`from './helpers/x.js'`) and scripts run in a child (`new URL('./fixtures/x.mjs', …)`).
  const local = [...text.matchAll(/(?:from\s*|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!)
  return local.some((spec) => {
    const target = resolve(dirname(file), spec)
    const source = [target, target.replace(/\.js$/, '.ts')].find((f) => existsSync(f))
    return source !== undefined && imports.test(readFileSync(source, 'utf8'))
  })
}
