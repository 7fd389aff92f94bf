/**
 * pgtestbed's linter side by side with squawk 2.66 (npm `squawk-cli`, a devDependency) on one
 * migration set written for it (test/fixtures/migrations-squawk-compare). Every rule squawk fires
 * is either matched by a pgtestbed rule on the same files, or listed below with the reason
 * pgtestbed does not have it; docs/migrations.md shows the same table.
 */
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { lintMigrations, readMigrations } from '../../src/migrations/index.js'

const ROOT = join(import.meta.dirname, '..', '..')
const DIR = join(ROOT, 'test', 'fixtures', 'migrations-squawk-compare')
const SQUAWK = join(ROOT, 'node_modules', '.bin', 'squawk')

/** squawk rule → the pgtestbed rule that flags the same statements. */
const EQUIVALENT: Readonly<Record<string, string>> = {
  'prefer-timestamp-tz': 'prefer-timestamptz',
  'prefer-identity': 'prefer-identity',
  'constraint-missing-not-valid': 'constraint-missing-not-valid',
  'require-concurrent-index-creation': 'require-concurrent-index-creation',
  'renaming-column': 'renaming-column',
  'adding-not-nullable-field': 'set-not-null-scan',
  'ban-drop-column': 'ban-drop-column',
  'changing-column-type': 'changing-column-type',
  'ban-drop-table': 'ban-drop-table',
  // Added for this comparison: inline PRIMARY KEY / UNIQUE on ADD COLUMN.
  'adding-serial-primary-key-field': 'disallowed-unique-constraint',
  // squawk reports a FOREIGN KEY without NOT VALID twice (this and constraint-missing-not-valid).
  'adding-foreign-key-constraint': 'constraint-missing-not-valid',
}

/** squawk rules pgtestbed does not have, and why it is right not to. */
const NOT_ADOPTED: Readonly<Record<string, string>> = {
  'require-statement-timeout':
    'a statement_timeout aborts legitimate long backfills and index builds; the hazard is waiting on locks, which require-lock-timeout covers, and the lock check measures real durations',
  'prefer-bigint-over-int':
    'a data-model choice, not a migration hazard (and int → bigint later is caught by changing-column-type)',
  'prefer-text-field':
    'varchar(n) is a data-model choice; widening it later is metadata-only since PostgreSQL 9.2',
  'ban-drop-not-null':
    'metadata-only, no scan and no rewrite; whether readers cope with NULL is an application contract the schema diff reports',
  'require-enum-value-ordering': 'the order of enum values is a data-model choice; ADD VALUE itself is safe',
  'prefer-robust-stmts':
    'only fires when squawk cannot see a transaction; IF NOT EXISTS hides drift (an object that exists with another definition passes silently) and the runner rolls a failed migration back',
}

/** Where squawk's require-lock-timeout fires and pgtestbed's does not, and why. */
const LOCK_TIMEOUT_ONLY_SQUAWK: Readonly<Record<string, string>> = {
  '001_create_tables.sql':
    'the referenced table was created earlier in the same transaction: no other session can hold a lock on it',
  '008_mood_enum.sql': 'CREATE TYPE and ADD VALUE on a type created in the same migration lock no table',
  '013_new_table_constraint.sql': 'the altered table was created earlier in the same transaction',
}

type Counts = Map<string, Map<string, number>>

function count(rows: readonly { file: string; rule: string }[]): Counts {
  const out: Counts = new Map()
  for (const { file, rule } of rows) {
    const perFile = out.get(rule) ?? new Map<string, number>()
    perFile.set(file, (perFile.get(file) ?? 0) + 1)
    out.set(rule, perFile)
  }
  return out
}

async function squawk(assumeInTransaction: boolean): Promise<Counts> {
  const set = await readMigrations(DIR)
  const files = set.migrations.map((m) => m.up.file)
  const args = [...(assumeInTransaction ? ['--assume-in-transaction'] : []), '--reporter', 'json', ...files]
  // squawk exits 1 when it reports anything: the JSON on stdout is the result either way.
  const stdout = await promisify(execFile)(SQUAWK, args).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? '',
  )
  const violations = JSON.parse(stdout) as { file: string; rule_name: string }[]
  return count(violations.map((v) => ({ file: basename(v.file), rule: v.rule_name })))
}

async function pgtestbed(): Promise<Counts> {
  const report = await lintMigrations(await readMigrations(DIR))
  return count(report.findings.map((f) => ({ file: basename(f.file), rule: f.rule })))
}

function total(counts: Counts): number {
  return [...counts.values()].reduce(
    (sum, perFile) => sum + [...perFile.values()].reduce((a, b) => a + b, 0),
    0,
  )
}

describe('squawk 2.66 and pgtestbed on the same migrations', () => {
  test('squawk is the version the comparison documents', async () => {
    const { stdout } = await promisify(execFile)(SQUAWK, ['--version'])
    expect(stdout.trim()).toBe('squawk 2.66.0')
  })

  test('run as the runner runs them (each file in a transaction): every difference is explained', async () => {
    const [theirs, ours] = await Promise.all([squawk(true), pgtestbed()])
    // Every rule squawk fired is accounted for.
    const explained = new Set([
      ...Object.keys(EQUIVALENT),
      ...Object.keys(NOT_ADOPTED),
      'require-lock-timeout',
    ])
    expect([...theirs.keys()].filter((rule) => !explained.has(rule))).toEqual([])
    // Equivalent rules fire on the same files, as often (the FK rule is a second report of one statement).
    for (const [rule, mapped] of Object.entries(EQUIVALENT)) {
      const files = [...(theirs.get(rule)?.keys() ?? [])]
      expect(files.length, `squawk ${rule} fires on the comparison set`).toBeGreaterThan(0)
      for (const file of files) {
        const theirCount = theirs.get(rule)?.get(file)
        const ourCount = ours.get(mapped)?.get(file) ?? 0
        if (rule === 'adding-foreign-key-constraint')
          expect(ourCount, `${rule} → ${mapped} on ${file}`).toBeGreaterThan(0)
        else expect(ourCount, `${rule} → ${mapped} on ${file}`).toBe(theirCount)
      }
    }
    // Not adopted: pgtestbed has no such rule.
    for (const rule of Object.keys(NOT_ADOPTED)) expect(ours.has(rule)).toBe(false)
    // require-lock-timeout: pgtestbed fires on a subset; the rest are the files explained above.
    const theirLock = new Set(theirs.get('require-lock-timeout')?.keys())
    const ourLock = new Set(ours.get('require-lock-timeout')?.keys())
    expect([...ourLock].every((f) => theirLock.has(f))).toBe(true)
    expect([...theirLock].filter((f) => !ourLock.has(f)).sort()).toEqual(
      Object.keys(LOCK_TIMEOUT_ONLY_SQUAWK).sort(),
    )
    // pgtestbed's own extra: the serial column's nextval() default rewrites the table.
    expect(
      [...ours.keys()].filter(
        (rule) => !Object.values(EQUIVALENT).includes(rule) && rule !== 'require-lock-timeout',
      ),
    ).toEqual(['adding-field-with-volatile-default'])
    expect([total(theirs), total(ours)]).toEqual([46, 23])
  })

  test('squawk without --assume-in-transaction flags constraints on tables created in the same file', async () => {
    const [theirs, ours] = await Promise.all([squawk(false), pgtestbed()])
    expect(theirs.get('constraint-missing-not-valid')?.get('013_new_table_constraint.sql')).toBe(1)
    expect(ours.get('constraint-missing-not-valid')?.get('013_new_table_constraint.sql')).toBeUndefined()
    expect(theirs.has('prefer-robust-stmts')).toBe(true)
  })

  test('docs/migrations.md lists every squawk rule of the comparison', async () => {
    const docs = await readFile(join(ROOT, 'docs', 'migrations.md'), 'utf8')
    const section = docs.slice(docs.indexOf('## The linter beside squawk'))
    for (const rule of [...Object.keys(EQUIVALENT), ...Object.keys(NOT_ADOPTED)])
      expect(section).toContain(`\`${rule}\``)
  })
})
