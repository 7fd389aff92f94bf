import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

const PASSWORD = 'pgt-user-supplied-pw'
const ROLE = `pgt_pw_${Math.random().toString(36).slice(2, 8)}`
const project = tempProject({
  'migrations/001_init.sql': 'CREATE TABLE notes (body text);\n',
  'pgtestbed.config.json': JSON.stringify({ prefix: uniquePrefix() }),
})
const cwd = project.dir
let env: NodeJS.ProcessEnv

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  await admin(`CREATE ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${PASSWORD}'`)
  const url = new URL(serverUrl())
  url.username = ROLE
  url.password = PASSWORD
  env = { PGTESTBED_ENGINE: 'url', DATABASE_URL: url.toString() }
})
afterAll(async () => {
  await runCli(['db', 'prune', '--all'], { cwd, env }).catch(() => undefined)
  await admin(`DROP OWNED BY ${ROLE}; DROP ROLE IF EXISTS ${ROLE}`).catch(() => undefined)
  project.remove()
})

describe('a password the user supplied never reaches human output', () => {
  it('up, status and db new show ***; their --json url is the full (secret-bearing) one', async () => {
    for (const command of [['up'], ['status'], ['db', 'new']]) {
      const result = await runCli(command, { cwd, env })
      expect(result.code).toBe(0)
      expect(result.stdout + result.stderr).not.toContain(PASSWORD)
      expect(result.stdout).toContain(`${ROLE}:***@127.0.0.1`)
    }
    const json = await runCli(['status', '--json'], { cwd, env })
    expect(json.json()['url']).toContain(`${ROLE}:${PASSWORD}@`)
  })

  it("run: a failed command's kept database is printed with ***, and db url NAME prints it whole", async () => {
    const result = await runCli(['run', '--', 'sh', '-c', 'exit 3'], { cwd, env })
    expect(result.code).toBe(3)
    expect(result.stderr).not.toContain(PASSWORD)
    const kept = /inspection: (\S+) \(full URL: pgtestbed db url (\w+)\)/.exec(result.stderr)
    expect(kept?.[1]).toContain(`${ROLE}:***@`)
    const full = await runCli(['db', 'url', kept?.[2] ?? ''], { cwd, env })
    expect(full.code).toBe(0)
    const url = full.stdout.trim()
    expect(url).toContain(`${ROLE}:${PASSWORD}@`)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    expect((await client.query('SELECT count(*)::int AS n FROM notes')).rows).toEqual([{ n: 0 }])
    await client.end()
  })

  it('db url of a database that does not exist says so', async () => {
    const result = await runCli(['db', 'url', 'pgt_no_such_db'], { cwd, env })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/there is no such database on .*:\*\*\*@/)
    expect(result.stderr).not.toContain(PASSWORD)
  })
})

describe("the embedded cluster's generated password", () => {
  const embedded = tempProject({ 'migrations/001_init.sql': 'CREATE TABLE notes (body text);\n' })
  afterAll(async () => {
    await runCli(['down'], { cwd: embedded.dir })
    embedded.remove()
  })

  it('up shows ***; db url prints the admin URL that connects; without up, db url says how', async () => {
    const none = await runCli(['db', 'url'], { cwd: embedded.dir })
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/no `pgtestbed up` cluster is running.*Start one with `pgtestbed up`/s)

    const up = await runCli(['up'], { cwd: embedded.dir })
    expect(up.code).toBe(0)
    expect(up.stdout).toMatch(/postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres/)
    const full = await runCli(['db', 'url'], { cwd: embedded.dir })
    const url = full.stdout.trim()
    expect(up.stdout).not.toContain(new URL(url).password)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.end()
  })
})
