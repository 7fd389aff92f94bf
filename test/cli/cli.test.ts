import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject } from '../support/temp-project.js'

const project = tempProject({
  'migrations/001.sql':
    "CREATE TABLE notes (id serial PRIMARY KEY, body text); INSERT INTO notes (body) VALUES ('hi');",
})
const cwd = project.dir
afterAll(async () => {
  await runCli(['down'], { cwd })
  project.remove()
})

describe('pgtestbed CLI', () => {
  it('prints help, and exits 2 on an unknown command or option', async () => {
    const help = await runCli(['--help'], { cwd })
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^ {2}pgtestbed up +Start the project server/m)
    expect(help.stdout).toMatch(/pgtestbed db new/)
    expect((await runCli(['frobnicate'], { cwd })).code).toBe(2)
    const bad = await runCli(['up', '--colour'], { cwd })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Unknown option '--colour' for `pgtestbed up`/)
  })

  it('up starts the project cluster once; a second up, even at the same time, reports it', async () => {
    const [a, b] = await Promise.all([runCli(['up', '--json'], { cwd }), runCli(['up', '--json'], { cwd })])
    expect([a.code, b.code]).toEqual([0, 0])
    expect(a.json()['url']).toBe(b.json()['url'])
    expect([a.json()['alreadyRunning'], b.json()['alreadyRunning']].sort()).toEqual([false, true])
    expect(a.json()).toMatchObject({ engine: 'embedded', serverVersion: expect.stringMatching(/^\d+\.\d+/) })
    const status = await runCli(['status', '--json'], { cwd })
    expect(status.code).toBe(0)
    expect(status.json()).toMatchObject({ running: true, url: a.json()['url'] })
  })

  it('db new prints a migrated database; db drop removes it and refuses foreign names', async () => {
    const created = await runCli(['db', 'new', '--json'], { cwd })
    expect(created.code).toBe(0)
    const db = created.json() as { url: string; name: string; template: string; ms: number }
    expect(db.name).toMatch(/^pgt_db_/)
    expect(db.template).toMatch(/^pgt_tpl_/)
    expect(typeof db.ms).toBe('number')
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    expect((await client.query('SELECT body FROM notes')).rows).toEqual([{ body: 'hi' }])
    await client.end()

    expect((await runCli(['db', 'drop', db.name, '--json'], { cwd })).json()).toEqual({
      name: db.name,
      dropped: true,
    })
    const foreign = await runCli(['db', 'drop', 'postgres'], { cwd })
    expect(foreign.code).toBe(2)
    expect(foreign.stderr).toMatch(/it was not made by pgtestbed/)
    expect((await runCli(['db', 'drop'], { cwd })).code).toBe(2)
  })

  it('run gives the command DATABASE_URL and returns its exit code', async () => {
    const result = await runCli(
      [
        'run',
        '--',
        'sh',
        '-c',
        'psql_url="$DATABASE_URL"; case "$psql_url" in postgresql://*/pgt_*) exit 7;; esac; exit 1',
      ],
      { cwd, env: { PATH: process.env['PATH'] } },
    )
    expect(result.code).toBe(7)
  })

  it('db prune exits 0 and lists what it dropped', async () => {
    const result = await runCli(['db', 'prune', '--kept', '--json'], { cwd })
    expect(result.code).toBe(0)
    expect(Array.isArray(result.json()['dropped'])).toBe(true)
  })

  it('down stops the cluster; status then exits 1', async () => {
    const down = await runCli(['down', '--json'], { cwd })
    expect(down.json()['stopped']).toBe(true)
    const status = await runCli(['status'], { cwd })
    expect(status.code).toBe(1)
    expect(status.stdout).toMatch(/not running/)
  })
})

describe('bad servers and ports', () => {
  it('an unreachable DATABASE_URL is a setup error (exit 2) that says what to check', async () => {
    const result = await runCli(['up'], {
      cwd,
      env: { PGTESTBED_ENGINE: 'url', DATABASE_URL: 'postgresql://nobody:secret@127.0.0.1:1/db' },
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/Failed to connect to postgresql:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/db/)
    expect(result.stderr).not.toContain('secret')
  })

  it('a role without CREATEDB is refused with the GRANT that fixes it', async () => {
    const admin = new pg.Client({ connectionString: serverUrl() })
    await admin.connect()
    // The embedded cluster asks every role for a password (it admits only its owner).
    await admin.query(
      "DROP ROLE IF EXISTS pgt_nocreate; CREATE ROLE pgt_nocreate LOGIN NOCREATEDB PASSWORD 'pgt-nocreate'",
    )
    await admin.end()
    const as = new URL(serverUrl())
    as.username = 'pgt_nocreate'
    as.password = 'pgt-nocreate'
    const url = as.toString()
    const result = await runCli(['db', 'new'], { cwd, env: { PGTESTBED_ENGINE: 'url', DATABASE_URL: url } })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/may not create databases.*ALTER ROLE "pgt_nocreate" CREATEDB/s)
  })

  it('a configured port that is taken says so and leaves nothing behind', async () => {
    const port = new URL(serverUrl()).port
    const result = await runCli(['up'], { cwd, env: { PGTESTBED_PORT: port } })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      new RegExp(`Failed to start PostgreSQL on port ${port}: the port is in use`),
    )
    expect((await runCli(['status'], { cwd })).code).toBe(1)
  })
})
