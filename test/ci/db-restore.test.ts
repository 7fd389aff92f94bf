import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.js'
import { tempProject } from '../support/temp-project.js'

// The npm engine ships only the server (no pg_dump/pg_restore), so this test runs the project's
// cluster on the system's PostgreSQL, whose bin dir has both. Skipped, saying so, where the
// system has none (the client tools are what `db restore` needs too).
const systemMajor = existsSync('/usr/lib/postgresql')
  ? readdirSync('/usr/lib/postgresql')
      .filter(
        (m) =>
          existsSync(`/usr/lib/postgresql/${m}/bin/pg_dump`) &&
          existsSync(`/usr/lib/postgresql/${m}/bin/postgres`),
      )
      .sort((a, b) => Number(b) - Number(a))[0]
  : undefined

const project = tempProject({ 'pgtestbed.config.json': '{}' })
const cwd = project.dir
const env = { PGTESTBED_PG_VERSION: systemMajor ?? '17' }
afterAll(async () => {
  await runCli(['down'], { cwd, env })
  project.remove()
})

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows as T[]
  } finally {
    await client.end()
  }
}

const databases = async (admin: string) =>
  (await query<{ datname: string }>(admin, 'SELECT datname FROM pg_database ORDER BY 1')).map(
    (r) => r.datname,
  )

describe.skipIf(systemMajor === undefined)(
  'pgtestbed db restore (needs /usr/lib/postgresql/<major>/bin)',
  () => {
    const bin = `/usr/lib/postgresql/${systemMajor}/bin`
    let admin = ''

    it('restores a pg_dump --format=custom file (as the workflow writes them) into a fresh database', async () => {
      const up = await runCli(['up', '--json'], { cwd, env })
      expect(up.code, up.stderr).toBe(0)
      admin = up.json()['url'] as string
      // A failed test's database, dumped as the generated workflow's failure step does it.
      await query(admin, 'CREATE DATABASE pgt_failed')
      const failed = new URL(admin)
      failed.pathname = '/pgt_failed'
      await query(
        failed.toString(),
        "CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'kept')",
      )
      const file = join(cwd, 'pgtestbed-dumps', 'pgt_failed.dump')
      execFileSync('mkdir', ['-p', join(cwd, 'pgtestbed-dumps')])
      execFileSync(join(bin, 'pg_dump'), ['--format=custom', '--file', file, failed.toString()])

      const restored = await runCli(['db', 'restore', 'pgtestbed-dumps/pgt_failed.dump', '--json'], {
        cwd,
        env,
      })
      expect(restored.code, restored.stderr).toBe(0)
      const data = restored.json()
      expect(data).toMatchObject({
        name: expect.stringMatching(/^pgt_db_[0-9a-f]{8}$/),
        file,
        pgRestore: join(bin, 'pg_restore'),
      })
      expect(await query(data['url'] as string, 'SELECT id, body FROM notes')).toEqual([
        { id: 1, body: 'kept' },
      ])

      // Human output: the URL without its password, and the command that prints it whole.
      const named = await runCli(['db', 'restore', file, '--name', 'pgt_mine'], { cwd, env })
      expect(named.code, named.stderr).toBe(0)
      const password = decodeURIComponent(new URL(admin).password)
      expect(password.length).toBeGreaterThan(0)
      expect(named.stdout).not.toContain(password)
      expect(named.stdout).toMatch(/\*\*\*@.*\/pgt_mine\n/)
      expect(named.stdout).toContain('full URL: pgtestbed db url pgt_mine')
      expect(
        await query(
          (await runCli(['db', 'url', 'pgt_mine'], { cwd, env })).stdout.trim(),
          'SELECT body FROM notes',
        ),
      ).toEqual([{ body: 'kept' }])
    })

    it('refuses a missing file, a file that is not an archive, a corrupt archive and a taken name, leaving no database', async () => {
      const before = await databases(admin)
      const missing = await runCli(['db', 'restore', 'nope.dump'], { cwd, env })
      expect(missing.code).toBe(2)
      expect(missing.stderr).toContain(`Failed to restore ${join(cwd, 'nope.dump')}: there is no such file`)

      writeFileSync(join(cwd, 'plain.sql'), 'CREATE TABLE t (id int);\n')
      const plain = await runCli(['db', 'restore', 'plain.sql'], { cwd, env })
      expect(plain.code).toBe(2)
      expect(plain.stderr).toContain('it is not a pg_dump custom-format archive')
      expect(plain.stderr).toContain('psql -f')

      // The right magic, then garbage: pg_restore itself fails, and the new database goes again.
      writeFileSync(join(cwd, 'corrupt.dump'), Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(300, 0x41)]))
      const corrupt = await runCli(['db', 'restore', 'corrupt.dump', '--name', 'pgt_corrupt'], { cwd, env })
      expect(corrupt.code).not.toBe(0)
      expect(corrupt.stderr).toContain('pg_restore failed, so the new database was dropped again')
      expect(corrupt.stderr).toMatch(/pg_restore: error/)

      const taken = await runCli(['db', 'restore', 'pgtestbed-dumps/pgt_failed.dump', '--name', 'pgt_mine'], {
        cwd,
        env,
      })
      expect(taken.code).toBe(2)
      expect(taken.stderr).toContain('database "pgt_mine" already exists')
      expect(await databases(admin)).toEqual(before)
    })
  },
)
