import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

const prefix = uniquePrefix()
const role = `${prefix}_creator`
const project = tempProject({ 'pgtestbed.config.json': JSON.stringify({ prefix }) })

async function admin<T>(work: (client: pg.Client) => Promise<T>, url = serverUrl()): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

const names = () =>
  admin(async (c) =>
    (
      await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1', [
        `${prefix}\\_%`,
      ])
    ).rows.map((r) => r.datname),
  )

/** The server's URL as the test role (the embedded cluster asks every role for a password). */
function roleUrl(): string {
  const url = new URL(serverUrl())
  url.username = role
  url.password = 'prune-test'
  return url.toString()
}

beforeAll(async () => {
  await admin(async (c) => {
    await c.query(`CREATE ROLE ${role} CREATEDB LOGIN PASSWORD 'prune-test'`)
    // Made by another role (the superuser): a template and a `db new` database.
    await c.query(`CREATE DATABASE ${prefix}_tpl_theirs IS_TEMPLATE true`)
    await c.query(`CREATE DATABASE ${prefix}_db_theirs`)
  })
  // Made by the role itself.
  await admin(async (c) => {
    await c.query(`CREATE DATABASE ${prefix}_db_mine`)
  }, roleUrl())
})

afterAll(async () => {
  await admin(async (c) => {
    for (const name of await names()) {
      await c.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`)
      await c.query(`DROP DATABASE ${name} WITH (FORCE)`)
    }
    await c.query(`DROP ROLE IF EXISTS ${role}`)
  })
  project.remove()
})

describe('db prune --all as a role with CREATEDB that does not own everything', () => {
  it('drops what it may, lists what it may not with the reason, exits 1 (no stack trace)', async () => {
    const env = { PGTESTBED_ENGINE: 'url', DATABASE_URL: roleUrl() }
    const human = await runCli(['db', 'prune', '--all'], { cwd: project.dir, env })
    expect(human.code).toBe(1)
    expect(human.stderr).toBe('')
    expect(human.stdout).toBe(
      [
        `dropped ${prefix}_db_mine`,
        'could not drop 2:',
        `  ${prefix}_db_theirs: must be owner of database ${prefix}_db_theirs`,
        `  ${prefix}_tpl_theirs: must be owner of database ${prefix}_tpl_theirs`,
        'Prune them as their owner (or a superuser), or leave them.',
        '',
      ].join('\n'),
    )
    expect(await names()).toEqual([`${prefix}_db_theirs`, `${prefix}_tpl_theirs`])

    const json = await runCli(['db', 'prune', '--all', '--json'], { cwd: project.dir, env })
    expect(json.code).toBe(1)
    expect(json.json()).toEqual({
      dropped: [],
      skipped: [
        { name: `${prefix}_db_theirs`, reason: `must be owner of database ${prefix}_db_theirs` },
        { name: `${prefix}_tpl_theirs`, reason: `must be owner of database ${prefix}_tpl_theirs` },
      ],
    })
  })
})

describe('db prune of dead runs when one of their databases belongs to another role', () => {
  it('drops the rest, lists the one it may not drop with the reason, exits 1', async () => {
    // Clone-shaped names of a run that is gone (no process holds its owners' liveness locks).
    const theirs = `${prefix}_rdead_aa_1`
    const mine = `${prefix}_rdead_bb_1`
    await admin((c) => c.query(`CREATE DATABASE ${theirs}`))
    await admin((c) => c.query(`CREATE DATABASE ${mine}`), roleUrl())
    const env = { PGTESTBED_ENGINE: 'url', DATABASE_URL: roleUrl() }
    const result = await runCli(['db', 'prune', '--json'], { cwd: project.dir, env })
    expect(result.code).toBe(1)
    expect(result.json()).toEqual({
      dropped: [mine],
      skipped: [{ name: theirs, reason: `must be owner of database ${theirs}` }],
    })
    expect(await names()).toContain(theirs)
    expect(await names()).not.toContain(mine)
  })
})
