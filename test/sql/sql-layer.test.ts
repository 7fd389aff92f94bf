import pg from 'pg'
import { describe, expect, it } from 'vitest'
import {
  createDatabase,
  createDatabaseSql,
  createScratchDatabase,
  databaseUrl,
  dropDatabase,
  dropDatabaseSql,
  quoteIdent,
  quoteQualified,
  runScript,
  SqlScriptError,
  strategyFor,
  withScratchDatabase,
} from '../../src/sql/index.js'
import { serverUrl } from '../support/scratch-database.js'

async function databaseExists(name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: serverUrl() })
  await admin.connect()
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    return rows.length > 0
  } finally {
    await admin.end()
  }
}

describe('quoting and database SQL', () => {
  it('quotes every identifier, doubling quotes inside', () => {
    expect(quoteIdent('users')).toBe('"users"')
    expect(quoteIdent('my "db"')).toBe('"my ""db"""')
    expect(quoteQualified('app', 'Users')).toBe('"app"."Users"')
  })

  it('writes CREATE (clone) and DROP DATABASE once', () => {
    expect(createDatabaseSql('a"b')).toBe('CREATE DATABASE "a""b"')
    expect(createDatabaseSql('c', { template: 'tpl', strategy: 'file_copy' })).toBe(
      'CREATE DATABASE "c" TEMPLATE "tpl" STRATEGY FILE_COPY',
    )
    expect(createDatabaseSql('c', { template: 'tpl', strategy: strategyFor(140000, 'wal_log') })).toBe(
      'CREATE DATABASE "c" TEMPLATE "tpl"',
    )
    expect(dropDatabaseSql('a"b')).toBe('DROP DATABASE IF EXISTS "a""b" WITH (FORCE)')
    expect(dropDatabaseSql('c', { ifExists: false, force: false })).toBe('DROP DATABASE "c"')
  })

  it('creates, clones and drops a database whose name holds a double quote', async () => {
    const admin = new pg.Client({ connectionString: serverUrl() })
    await admin.connect()
    const name = `sql "q" ${Date.now()}`
    try {
      await createDatabase(admin, name, { template: 'template0' })
      await createDatabase(admin, `${name} clone`, { template: name })
      expect(await databaseExists(`${name} clone`)).toBe(true)
      const client = new pg.Client({ connectionString: databaseUrl(serverUrl(), `${name} clone`) })
      await client.connect()
      expect((await client.query('SELECT current_database() AS db')).rows[0]?.db).toBe(`${name} clone`)
      await client.end()
    } finally {
      await dropDatabase(admin, `${name} clone`)
      await dropDatabase(admin, name)
      await admin.end()
    }
    expect(await databaseExists(name)).toBe(false)
  })
})

describe('scratch databases', () => {
  it('work with a prefix that holds a double quote, and are dropped afterwards', async () => {
    const db = await createScratchDatabase(serverUrl(), { prefix: 'pgt"q', purpose: 'test' })
    expect(db.name).toMatch(/^pgt"q_test_[0-9a-f]{10}$/)
    const { rows } = await db.session.query('SELECT current_database() AS db')
    expect(rows[0]?.db).toBe(db.name)
    expect(await databaseExists(db.name)).toBe(true)
    await db.drop()
    await db.drop() // safe twice
    expect(await databaseExists(db.name)).toBe(false)
  })

  it('withScratchDatabase drops the database also when the work throws', async () => {
    let name = ''
    await expect(
      withScratchDatabase(serverUrl(), { prefix: 'pgt"w', purpose: 'test' }, async (db) => {
        name = db.name
        await db.session.query('SELECT 1')
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(name).not.toBe('')
    expect(await databaseExists(name)).toBe(false)
  })
})

describe('runScript', () => {
  it('names the file line and column of a failing statement', async () => {
    await withScratchDatabase(serverUrl(), { prefix: 'pgt', purpose: 'test' }, async ({ session }) => {
      const sql = 'create table t (id int);\n\ninsert into t values (1);\nselect nope from t;\n'
      const err = await runScript(session, sql, { file: 'seed.sql', startLine: 10 }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(SqlScriptError)
      expect(err).toMatchObject({ file: 'seed.sql', line: 13, column: 8, positioned: true, startLine: 10 })
      expect((err as SqlScriptError).cause).toMatchObject({ code: '42703' })
      // statements before the failing one stayed applied (statement by statement)
      expect((await session.query('select count(*)::int as n from t')).rows[0]?.n).toBe(1)
    })
  })

  it('without a server position, points at the statement (statements) or the script start (whole)', async () => {
    await withScratchDatabase(serverUrl(), { prefix: 'pgt', purpose: 'test' }, async ({ session }) => {
      const sql = 'select 1;\n\nselect 1/0;\n'
      const split = await runScript(session, sql, { file: 'a.sql' }).catch((e: unknown) => e)
      expect(split).toMatchObject({ file: 'a.sql', line: 3, column: undefined, positioned: false })
      const whole = await runScript(session, sql, { file: 'a.sql', split: 'whole', startLine: 5 }).catch(
        (e: unknown) => e,
      )
      expect(whole).toMatchObject({ file: 'a.sql', line: 5, positioned: false })
    })
  })
})
