import { symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { PgtestbedConfig } from '../../src/config/index.js'
import { ConfigError, TemplateBuildError } from '../../src/errors.js'
import { checkCommandMigrations } from '../../src/migrations/index.js'
import { createTestbed } from '../../src/pool/index.js'
import { PYTHON, pythonMissing } from '../support/python.js'
import { databases, query } from '../support/query.js'
import { runCli } from '../support/run-cli.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

// `migrations: { command, inputs }`: the template is built by the project's own migration tool,
// run with DATABASE_URL aimed at it; the files in `inputs` are part of the template's hash.
const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url))
const noAlembic = pythonMissing(['alembic', 'psycopg2'])
/** Alembic's tests: skipped, with the reason in their title, where Debian's Alembic is missing. */
const withAlembic = (title: string) => `${title}${noAlembic ? ` (${noAlembic})` : ''}`

const knexProject = tempProject({
  'knexfile.cjs':
    "module.exports = { client: 'pg', connection: process.env.DATABASE_URL, migrations: { directory: './db' } }\n",
  'db/20240101000000_users.js':
    "exports.up = (knex) => knex.schema.createTable('users', (t) => { t.increments('id'); t.text('email').notNullable() })\n" +
    "exports.down = (knex) => knex.schema.dropTable('users')\n",
})
const alembicProject = tempProject({
  'alembic.ini': '[alembic]\nscript_location = alembic\n',
  'alembic/env.py': [
    'import os',
    'from alembic import context',
    'from sqlalchemy import create_engine',
    "url = os.environ['DATABASE_URL'].replace('postgresql://', 'postgresql+psycopg2://', 1)",
    'with create_engine(url).begin() as connection:',
    '    context.configure(connection=connection)',
    '    with context.begin_transaction():',
    '        context.run_migrations()',
    '',
  ].join('\n'),
  'alembic/script.py.mako': '',
  'alembic/versions/0001_orders.py': [
    'import sqlalchemy as sa',
    'from alembic import op',
    "revision = '0001'",
    'down_revision = None',
    'def upgrade():',
    "    op.create_table('orders', sa.Column('id', sa.Integer, primary_key=True), sa.Column('total', sa.Numeric, nullable=False))",
    'def downgrade():',
    "    op.drop_table('orders')",
    '',
  ].join('\n'),
})
// knex's CLI wants knex installed in the project: this repository's devDependency is.
symlinkSync(NODE_MODULES, join(knexProject.dir, 'node_modules'))
afterAll(() => {
  knexProject.remove()
  alembicProject.remove()
})

function config(migrations: PgtestbedConfig['migrations']): PgtestbedConfig {
  return { engine: 'url', url: serverUrl(), prefix: uniquePrefix(), pool: { size: 1 }, migrations }
}

async function tables(url: string): Promise<string[]> {
  const rows = await query<{ t: string }>(
    url,
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
  )
  return rows.map((r) => r.t)
}

describe('migrations run by their own tool', () => {
  it('builds the template with knex (JavaScript migrations from npm) and rebuilds it when an input changes', async () => {
    const migrations = {
      command: 'node node_modules/knex/bin/cli.js migrate:latest --knexfile knexfile.cjs',
      inputs: ['db/**', 'knexfile.cjs'],
    }
    const cfg = config(migrations)
    const first = await createTestbed(cfg, { cwd: knexProject.dir })
    let template: string
    try {
      template = first.template
      expect(first.templateBuilt).toBe(true)
      const db = await first.acquire()
      expect(await tables(db.url)).toEqual(['knex_migrations', 'knex_migrations_lock', 'users'])
      await db.release()
    } finally {
      await first.close()
    }
    // Same inputs: the template is reused.
    const again = await createTestbed(cfg, { cwd: knexProject.dir })
    expect([again.template, again.templateBuilt]).toEqual([template, false])
    await again.close()
    // A new migration file among the inputs: a new template.
    writeFileSync(
      join(knexProject.dir, 'db/20240102000000_posts.js'),
      "exports.up = (knex) => knex.schema.createTable('posts', (t) => { t.increments('id') })\nexports.down = (knex) => knex.schema.dropTable('posts')\n",
    )
    const changed = await createTestbed(cfg, { cwd: knexProject.dir })
    try {
      expect(changed.template).not.toBe(template)
      const db = await changed.acquire()
      expect(await tables(db.url)).toContain('posts')
      await db.release()
    } finally {
      await changed.close()
    }
  })

  it.skipIf(noAlembic !== undefined)(
    withAlembic('builds the template with Alembic (Debian python3-alembic)'),
    async () => {
      const cfg = config({
        command: `${PYTHON} -m alembic upgrade head`,
        inputs: ['alembic/**', 'alembic.ini'],
      })
      const bed = await createTestbed(cfg, { cwd: alembicProject.dir })
      try {
        const db = await bed.acquire()
        expect(await tables(db.url)).toEqual(['alembic_version', 'orders'])
        expect(await query(db.url, 'SELECT version_num FROM alembic_version')).toEqual([
          { version_num: '0001' },
        ])
        await db.release()
      } finally {
        await bed.close()
      }
    },
  )

  it('fails with the command, its exit status and its stderr tail, leaving no template', async () => {
    const cfg = config({
      command: 'echo \'relation "users" already exists\' >&2; exit 3',
      inputs: ['db/**'],
    })
    const err = await createTestbed(cfg, { cwd: knexProject.dir }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TemplateBuildError)
    const message = (err as Error).message
    expect(message).toContain("echo 'relation")
    expect(message).toContain('exited with code 3')
    expect(message).toContain('relation "users" already exists')
    expect(await databases(cfg.prefix ?? '')).toEqual([])
  })

  it('rejects a command without inputs, naming the field and the fix', async () => {
    const err = await createTestbed(config({ command: 'alembic upgrade head' } as never), {
      cwd: knexProject.dir,
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toContain('"migrations"')
    expect((err as Error).message).toContain("inputs: ['alembic/**', 'alembic.ini']")
  })
})

describe('migration checks with a down command', () => {
  it.skipIf(noAlembic !== undefined)(
    withAlembic('passes up, idempotent, round trip and the down chain step by step with Alembic'),
    async () => {
      const report = await checkCommandMigrations({
        server: serverUrl(),
        cwd: alembicProject.dir,
        command: `${PYTHON} -m alembic upgrade head`,
        down: `${PYTHON} -m alembic downgrade -1`,
      })
      expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
        ['up', true],
        ['idempotent', true],
        ['roundtrip', true],
        ['down', true],
      ])
      expect(report.checks[3]?.detail).toContain('brought the schema back to empty')
    },
  )

  it('fails the round trip and the chain when a down does not undo its up (knex)', async () => {
    writeFileSync(
      join(knexProject.dir, 'db/20240103000000_broken_down.js'),
      "exports.up = (knex) => knex.schema.createTable('audit', (t) => { t.increments('id') })\nexports.down = async () => {}\n",
    )
    const knex = 'node node_modules/knex/bin/cli.js --knexfile knexfile.cjs'
    const report = await checkCommandMigrations({
      server: serverUrl(),
      cwd: knexProject.dir,
      command: `${knex} migrate:latest`,
      down: `${knex} migrate:down`,
    })
    expect(report.ok).toBe(false)
    const roundtrip = report.checks.find((c) => c.name === 'roundtrip')
    // The down left `audit` behind, so the up after it fails: the message is knex's own.
    expect(roundtrip?.ok).toBe(false)
    expect(roundtrip?.detail).toContain('relation "audit" already exists')
    const down = report.checks.find((c) => c.name === 'down')
    expect(down?.ok).toBe(false)
    expect(down?.detail).toContain('audit')
  })

  it.skipIf(noAlembic !== undefined)(
    withAlembic('runs from `pgtestbed migrations test` when the config has a command'),
    async () => {
      writeFileSync(
        join(alembicProject.dir, 'pgtestbed.config.mjs'),
        `export default { migrations: { command: '${PYTHON} -m alembic upgrade head', down: '${PYTHON} -m alembic downgrade -1', inputs: ['alembic/**'] } }\n`,
      )
      const env = { PATH: process.env['PATH'], PGTESTBED_ENGINE: 'url', DATABASE_URL: serverUrl() }
      const result = await runCli(['migrations', 'test'], { cwd: alembicProject.dir, env })
      expect(result.stdout).toContain('ok   roundtrip')
      expect(result.stdout).toContain('ok   down')
      expect(result.code).toBe(0)
    },
  )
})
