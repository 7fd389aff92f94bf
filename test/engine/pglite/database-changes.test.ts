/** Which statements on an admin connection the router makes the instances follow. */
import { beforeAll, expect, it } from 'vitest'
import { databaseChanges } from '../../../src/engine/pglite/database-changes.js'
import { loadParser } from '../../../src/sql/index.js'

beforeAll(() => loadParser())

it('reads CREATE (with its template), DROP and RENAME, in order, quoted names included', () => {
  expect(
    databaseChanges(
      'CREATE DATABASE "Pgt x" TEMPLATE "pgt_tpl_1" STRATEGY FILE_COPY; DROP DATABASE IF EXISTS a WITH (FORCE); ' +
        'ALTER DATABASE b RENAME TO c; CREATE DATABASE d',
    ),
  ).toEqual([
    { kind: 'create', name: 'Pgt x', template: 'pgt_tpl_1' },
    { kind: 'drop', name: 'a' },
    { kind: 'rename', from: 'b', to: 'c' },
    { kind: 'create', name: 'd', template: undefined },
  ])
})

it('keeps the place of other ALTER DATABASE statements (same command tag) and ignores the rest', () => {
  expect(
    databaseChanges(
      "ALTER DATABASE t WITH IS_TEMPLATE true; ALTER DATABASE t SET work_mem = '8MB'; ALTER DATABASE t OWNER TO x; " +
        "ALTER TABLE t RENAME TO u; SELECT 'CREATE DATABASE x'; COMMENT ON DATABASE t IS 'y'",
    ),
  ).toEqual([{ kind: 'alter' }, { kind: 'alter' }, { kind: 'alter' }])
  expect(databaseChanges('SELECT 1')).toEqual([])
  expect(databaseChanges('CREATE DATABASE (broken')).toEqual([])
})
