/**
 * Roles, privileges and owners, case by case as pgTAP documents them (has_role, is_superuser,
 * has_user, is_member_of, *_privs_are, *_owner_is), through expectSchema() and the matchers.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  expectSchema,
  INTROSPECTION_QUERY_COUNT,
  introspect,
  type SchemaExpectation,
  type SchemaModel,
  schemaMatchers,
  toSnapshot,
} from '../../src/schema/index.js'
import { type ScratchDatabase, scratchDatabase, serverUrl } from '../support/scratch-database.js'

const tag = randomBytes(3).toString('hex')
const OWNER = `r_owner_${tag}`
const APP = `r_app_${tag}`
const RO = `r_ro_${tag}`
const GROUP = `r_group_${tag}`
const MID = `r_mid_${tag}`

const ROLES = `
CREATE ROLE ${GROUP} NOLOGIN;
CREATE ROLE ${MID} NOLOGIN IN ROLE ${GROUP};
CREATE ROLE ${OWNER} NOLOGIN;
CREATE ROLE ${APP} LOGIN IN ROLE ${MID};
CREATE ROLE ${RO} LOGIN;
`

const DDL = `
CREATE SCHEMA acc AUTHORIZATION ${OWNER};
GRANT USAGE ON SCHEMA acc TO ${APP};
CREATE TABLE accounts (id integer PRIMARY KEY, email text, secret text);
ALTER TABLE accounts OWNER TO ${OWNER};
GRANT SELECT, INSERT ON accounts TO ${APP};
GRANT SELECT (email) ON accounts TO ${RO};
CREATE SEQUENCE acc_seq;
GRANT USAGE ON SEQUENCE acc_seq TO ${APP};
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql AS 'SELECT 2 * x';
CREATE FUNCTION hush() RETURNS integer LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION hush() FROM PUBLIC;
ALTER FUNCTION twice(integer) OWNER TO ${OWNER};
CREATE TYPE mood AS ENUM ('sad', 'ok');
ALTER TYPE mood OWNER TO ${OWNER};
CREATE VIEW v_accounts AS SELECT id FROM accounts;
`

interface Case {
  readonly pgtap: string
  readonly passes: boolean
  readonly fluent: (s: SchemaExpectation) => PromiseLike<unknown>
  readonly matcher?: (model: SchemaModel) => boolean
}

describe('roles, privileges and owners (include: roles, privileges)', () => {
  let db: ScratchDatabase
  let model: SchemaModel
  let me = ''
  const m = schemaMatchers

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl() })
    await admin.connect()
    await admin.query(ROLES)
    await admin.end()
    db = await scratchDatabase()
    await db.client.query(DDL)
    me = (await db.client.query<{ me: string }>('SELECT current_user AS me')).rows[0]?.me ?? ''
    model = await introspect(db.client, { include: ['roles', 'privileges'] })
  })
  afterAll(async () => {
    await db?.drop()
    const admin = new pg.Client({ connectionString: serverUrl() })
    await admin.connect()
    await admin.query(`DROP ROLE IF EXISTS ${APP}, ${RO}, ${OWNER}, ${MID}, ${GROUP}`)
    await admin.end()
  })

  const cases = (): Case[] => [
    {
      pgtap: `has_role('${OWNER}')`,
      passes: true,
      fluent: (s) => s.role(OWNER),
      matcher: (x) => m.toHaveRole(x, OWNER).pass,
    },
    {
      pgtap: "hasnt_role('nobody')",
      passes: true,
      fluent: (s) => s.not.role('nobody'),
      matcher: (x) => !m.toHaveRole(x, 'nobody').pass,
    },
    { pgtap: 'is_superuser(current_user)', passes: true, fluent: (s) => s.role(me, { superuser: true }) },
    { pgtap: `isnt_superuser('${APP}')`, passes: true, fluent: (s) => s.role(APP, { superuser: false }) },
    { pgtap: `is_superuser('${APP}')`, passes: false, fluent: (s) => s.role(APP, { superuser: true }) },
    {
      pgtap: `has_user('${APP}')`,
      passes: true,
      fluent: (s) => s.role(APP, { login: true }),
      matcher: (x) => m.toHaveRole(x, APP, { login: true }).pass,
    },
    { pgtap: `has_user('${GROUP}')`, passes: false, fluent: (s) => s.role(GROUP, { login: true }) },
    {
      pgtap: `is_member_of('${MID}', '${APP}')`,
      passes: true,
      fluent: (s) => s.role(APP, { memberOf: [MID] }),
    },
    {
      pgtap: `is_member_of('${GROUP}', '${APP}') (a member of a member: pgTAP reads direct members)`,
      passes: false,
      fluent: (s) => s.role(APP, { memberOf: [GROUP] }),
    },
    {
      pgtap: `is_member_of('${GROUP}', '${RO}')`,
      passes: false,
      fluent: (s) => s.role(RO, { memberOf: [GROUP] }),
    },
    {
      pgtap: `table_privs_are('accounts', '${APP}', ARRAY['SELECT', 'INSERT'])`,
      passes: true,
      fluent: (s) => s.privileges({ table: 'accounts' }, APP, ['select', 'insert']),
      matcher: (x) => m.toHavePrivileges(x, { table: 'accounts' }, APP, ['SELECT', 'INSERT']).pass,
    },
    {
      pgtap: `table_privs_are('accounts', '${APP}', ARRAY['SELECT'])`,
      passes: false,
      fluent: (s) => s.privileges({ table: 'accounts' }, APP, ['SELECT']),
    },
    {
      pgtap: `table_privs_are('accounts', '${OWNER}', <all seven>)`,
      passes: true,
      fluent: (s) =>
        s.privileges({ table: 'accounts' }, OWNER, [
          'SELECT',
          'INSERT',
          'UPDATE',
          'DELETE',
          'TRUNCATE',
          'REFERENCES',
          'TRIGGER',
        ]),
    },
    {
      pgtap: `table_privs_are('accounts', '${RO}', ARRAY[]::text[])`,
      passes: true,
      fluent: (s) => s.privileges({ table: 'accounts' }, RO, []),
    },
    {
      pgtap: `column_privs_are('accounts', 'email', '${RO}', ARRAY['SELECT'])`,
      passes: true,
      fluent: (s) => s.privileges({ table: 'accounts', column: 'email' }, RO, ['SELECT']),
    },
    {
      pgtap: `column_privs_are('accounts', 'secret', '${RO}', ARRAY['SELECT'])`,
      passes: false,
      fluent: (s) => s.privileges({ table: 'accounts', column: 'secret' }, RO, ['SELECT']),
    },
    {
      pgtap: `sequence_privs_are('acc_seq', '${APP}', ARRAY['USAGE'])`,
      passes: true,
      fluent: (s) => s.privileges({ sequence: 'acc_seq' }, APP, ['USAGE']),
    },
    {
      pgtap: `function_privs_are('twice', ARRAY['integer'], '${RO}', ARRAY['EXECUTE'])`,
      passes: true,
      fluent: (s) => s.privileges({ function: 'twice(integer)' }, RO, ['EXECUTE']),
    },
    {
      pgtap: `function_privs_are('hush', ARRAY[]::text[], '${RO}', ARRAY[]::text[])`,
      passes: true,
      fluent: (s) => s.privileges({ function: 'hush()' }, RO, []),
    },
    {
      pgtap: `function_privs_are('hush', ARRAY[]::text[], '${RO}', ARRAY['EXECUTE'])`,
      passes: false,
      fluent: (s) => s.privileges({ function: 'hush' }, RO, ['EXECUTE']),
    },
    {
      pgtap: `schema_privs_are('acc', '${APP}', ARRAY['USAGE'])`,
      passes: true,
      fluent: (s) => s.privileges({ schema: 'acc' }, APP, ['USAGE']),
    },
    {
      pgtap: `schema_privs_are('acc', '${OWNER}', ARRAY['CREATE', 'USAGE'])`,
      passes: true,
      fluent: (s) => s.privileges({ schema: 'acc' }, OWNER, ['CREATE', 'USAGE']),
    },
    {
      pgtap: `database_privs_are(current_database(), '${RO}', ARRAY['CONNECT', 'TEMPORARY'])`,
      passes: true,
      fluent: (s) => s.privileges({}, RO, ['CONNECT', 'TEMPORARY']),
    },
    {
      pgtap: `table_owner_is('accounts', '${OWNER}')`,
      passes: true,
      fluent: (s) => s.ownerIs('table', 'accounts', OWNER),
      matcher: (x) => m.toBeOwnedBy(x, 'table', 'accounts', OWNER).pass,
    },
    {
      pgtap: `table_owner_is('accounts', current_user)`,
      passes: false,
      fluent: (s) => s.ownerIs('table', 'accounts', me),
    },
    {
      pgtap: `schema_owner_is('acc', '${OWNER}')`,
      passes: true,
      fluent: (s) => s.ownerIs('schema', 'acc', OWNER),
    },
    {
      pgtap: `function_owner_is('twice', ARRAY['integer'], '${OWNER}')`,
      passes: true,
      fluent: (s) => s.ownerIs('function', 'twice(integer)', OWNER),
    },
    {
      pgtap: `sequence_owner_is('acc_seq', current_user)`,
      passes: true,
      fluent: (s) => s.ownerIs('sequence', 'acc_seq', me),
    },
    {
      pgtap: `type_owner_is('mood', '${OWNER}')`,
      passes: true,
      fluent: (s) => s.ownerIs('type', 'mood', OWNER),
    },
    {
      pgtap: `view_owner_is('v_accounts', current_user)`,
      passes: true,
      fluent: (s) => s.ownerIs('view', 'v_accounts', me),
    },
    {
      pgtap: `index_owner_is('accounts', 'accounts_pkey', '${OWNER}')`,
      passes: true,
      fluent: (s) => s.ownerIs('index', 'accounts_pkey', OWNER),
    },
    {
      pgtap: 'db_owner_is(current_database(), current_user)',
      passes: true,
      fluent: (s) => s.ownerIs('database', undefined, me),
    },
    {
      pgtap: `view_owner_is('accounts', '${OWNER}')`,
      passes: false,
      fluent: (s) => s.ownerIs('view', 'accounts', OWNER),
    },
  ]

  test('every case agrees with pgTAP', async () => {
    for (const c of cases()) {
      const outcome = await c.fluent(expectSchema(model)).then(
        () => true,
        (err: unknown) => {
          if (!(err instanceof Error) || err.name !== 'SchemaAssertionError') throw err
          return false
        },
      )
      expect({ case: c.pgtap, passes: outcome }).toEqual({ case: c.pgtap, passes: c.passes })
      if (c.matcher !== undefined)
        expect({ case: c.pgtap, matcher: c.matcher(model) }).toEqual({ case: c.pgtap, matcher: c.passes })
    }
  })

  test('failures read like pgTAP, with where the object is', async () => {
    const error = await expectSchema(model)
      .privileges({ table: 'accounts' }, APP, ['SELECT', 'UPDATE'])
      .ownerIs('table', 'accounts', me)
      .role(RO, { memberOf: [GROUP], superuser: true })
      .then(
        () => undefined,
        (err: unknown) => err,
      )
    expect((error as Error).message).toBe(`Schema expectations failed (3 of 3):
  ✗ table public.accounts: privileges of ${APP}
      Missing:
          UPDATE
      Extra:
          INSERT
  ✗ table public.accounts: owner
      have: ${OWNER}
      want: ${me}
  ✗ role ${RO}
      superuser
        have: false
        want: true
      Missing memberships:
          ${GROUP}`)
  })

  test('off by default: the default introspection and its snapshot stay as they were', async () => {
    const plain = await introspect(db.client)
    expect(plain.access).toBeUndefined()
    expect(INTROSPECTION_QUERY_COUNT).toBe(11)
    expect(toSnapshot(plain)).not.toContain('"access"')
    await expect(expectSchema(plain).role(APP)).rejects.toThrow(
      "introspected without roles: use expectSchema(db, { include: ['roles'] })",
    )
    // negated, a check that cannot run still fails
    await expect(expectSchema(plain).not.role('nobody')).rejects.toThrow('introspected without roles')
    await expectSchema(db.client, { include: ['roles'] }).role(APP, { login: true, memberOf: [MID] })
  })
})
