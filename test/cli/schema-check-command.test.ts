import { symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

// `schema check` on a project whose migrations run through its own tool (knex here; Alembic in
// examples/schema-tdd): the tool builds the scratch database, its bookkeeping tables are left out.
const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url))
const project = tempProject({
  'pgtestbed.config.json': JSON.stringify({
    prefix: uniquePrefix(),
    migrations: {
      command: 'node node_modules/knex/bin/cli.js migrate:latest --knexfile knexfile.cjs',
      inputs: ['db/**', 'knexfile.cjs'],
    },
  }),
  'knexfile.cjs':
    "module.exports = { client: 'pg', connection: process.env.DATABASE_URL, migrations: { directory: './db' } }\n",
  'db/20240101000000_users.js':
    "exports.up = (knex) => knex.schema.createTable('users', (t) => { t.increments('id'); t.text('email').notNullable() })\n" +
    "exports.down = (knex) => knex.schema.dropTable('users')\n",
})
symlinkSync(NODE_MODULES, join(project.dir, 'node_modules'))
afterAll(() => project.remove())

const env = { PGTESTBED_ENGINE: 'url', DATABASE_URL: serverUrl() }

describe('schema check with migrations run by the project’s own tool', () => {
  it('snapshots what the tool built, then flags a new migration the snapshot lacks', async () => {
    const update = await runCli(['schema', 'check', '--update'], { cwd: project.dir, env })
    expect(update.code, update.stderr).toBe(0)
    expect(update.stdout).toMatch(/wrote schema\.snapshot\.json: 3 tables after `node node_modules\/knex/)

    const same = await runCli(['schema', 'check'], { cwd: project.dir, env })
    expect(same.code, same.stderr).toBe(0)
    expect(same.stdout).toMatch(/schema\.snapshot\.json matches the schema after `node node_modules\/knex/)

    writeFileSync(
      join(project.dir, 'db/20240102000000_posts.js'),
      "exports.up = (knex) => knex.schema.createTable('posts', (t) => { t.increments('id') })\nexports.down = (knex) => knex.schema.dropTable('posts')\n",
    )
    const changed = await runCli(['schema', 'check', '--json'], { cwd: project.dir, env })
    expect(changed.code).toBe(1)
    const data = changed.json() as { equal: boolean; changes: { message: string }[] }
    expect(data.equal).toBe(false)
    expect(data.changes.map((c) => c.message).join('\n')).toMatch(/posts/)
    expect(data.changes.map((c) => c.message).join('\n')).not.toMatch(/knex_migrations/)
  })
})
