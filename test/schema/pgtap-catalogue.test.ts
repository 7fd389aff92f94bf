/**
 * A pgTAP-style catalogue: our own DDL, written from pgTAP's documented semantics, and for each
 * case the pgTAP call, whether pgTAP passes it, and the same check through `expectSchema()` and
 * through the matchers. Every case must agree with pgTAP.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  expectSchema,
  introspect,
  type MatcherResult,
  type SchemaExpectation,
  type SchemaModel,
  schemaMatchers,
} from '../../src/schema/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

const DDL = `
CREATE SCHEMA hide;
CREATE TYPE "myType" AS (id int, foo int);
CREATE TABLE sometab (
  id integer NOT NULL PRIMARY KEY,
  name text DEFAULT '' CHECK (name IN ('foo', 'bar', 'baz')),
  numb numeric(10, 2) DEFAULT NULL,
  myint numeric(8) DEFAULT 24,
  myat timestamp DEFAULT now(),
  plain integer,
  camel "myType"
);
CREATE INDEX idx_multi ON sometab (upper(name), numb, lower(name));
CREATE TABLE hide.hidden (id integer PRIMARY KEY);
`

/** One case: the pgTAP call, pgTAP's documented outcome, and our two counterparts. */
interface Case {
  readonly pgtap: string
  readonly passes: boolean
  readonly fluent: (schema: SchemaExpectation) => PromiseLike<unknown>
  readonly matcher?: (model: SchemaModel) => MatcherResult
}

const m = schemaMatchers

const CASES: readonly Case[] = [
  // 1. identifiers, not strings: a mixed-case type as a user writes it
  {
    pgtap: "col_type_is('sometab', 'camel', 'myType')",
    passes: true,
    fluent: (s) => s.table('sometab').column('camel', { type: 'myType' }),
    matcher: (model) => m.toHaveColumns(model, 'sometab', [{ name: 'camel', type: 'myType' }]),
  },
  {
    pgtap: "col_type_is('sometab', 'camel', 'mytype')",
    passes: false,
    fluent: (s) => s.table('sometab').column('camel', { type: 'mytype' }),
    matcher: (model) => m.toHaveColumns(model, 'sometab', [{ name: 'camel', type: 'mytype' }]),
  },
  {
    pgtap: "col_type_is('sometab', 'myint', 'numeric(8,0)')",
    passes: true,
    fluent: (s) => s.table('sometab').column('myint', { type: 'numeric(8,0)' }),
  },
  {
    pgtap: "col_type_is('sometab', 'myint', 'numeric(7,0)')",
    passes: false,
    fluent: (s) => s.table('sometab').column('myint', { type: 'numeric(7,0)' }),
  },
  // 2. DEFAULT NULL is stored as NULL::numeric
  {
    pgtap: "col_default_is('sometab', 'numb', NULL::numeric)",
    passes: true,
    fluent: (s) => s.table('sometab').column('numb', { default: null }),
    matcher: (model) => m.toHaveColumns(model, 'sometab', [{ name: 'numb', default: null }]),
  },
  {
    pgtap: "col_default_is('sometab', 'numb', 'NULL')",
    passes: true,
    fluent: (s) => s.table('sometab').column('numb', { default: 'NULL' }),
  },
  {
    pgtap: "col_default_is('sometab', 'myint', 24)",
    passes: true,
    fluent: (s) => s.table('sometab').column('myint', { default: '24' }),
  },
  {
    pgtap: "col_default_is('sometab', 'myint', NULL::numeric)",
    passes: false,
    fluent: (s) => s.table('sometab').column('myint', { default: null }),
  },
  // 3. visibility: unqualified names resolve on the search_path
  {
    pgtap: "has_table('hidden')",
    passes: false,
    fluent: (s) => s.table('hidden'),
    matcher: (model) => m.toHaveTable(model, 'hidden'),
  },
  {
    pgtap: "has_table('hide', 'hidden')",
    passes: true,
    fluent: (s) => s.table('hide.hidden'),
    matcher: (model) => m.toHaveTable(model, 'hide.hidden'),
  },
  {
    pgtap: "has_table('sometab')",
    passes: true,
    fluent: (s) => s.table('sometab'),
    matcher: (model) => m.toHaveTable(model, 'sometab'),
  },
  {
    pgtap: "tables_are(ARRAY['sometab'])",
    passes: true,
    fluent: (s) => s.tables(['sometab']),
  },
  {
    pgtap: "tables_are(ARRAY['sometab', 'hidden'])",
    passes: false,
    fluent: (s) => s.tables(['sometab', 'hidden']),
  },
  // 4. is_indexed wants the exact key list
  {
    pgtap: "is_indexed('sometab', ARRAY['upper(name)', 'numb'])",
    passes: false,
    fluent: (s) => s.table('sometab').indexedOn(['upper(name)', 'numb']),
  },
  {
    pgtap: "is_indexed('sometab', ARRAY['upper(name)', 'numb', 'lower(name)'])",
    passes: true,
    fluent: (s) => s.table('sometab').indexedOn(['upper(name)', 'numb', 'lower(name)']),
  },
  {
    pgtap: "is_indexed('sometab', 'id')",
    passes: true,
    fluent: (s) => s.table('sometab').indexedOn(['id']),
  },
  {
    pgtap: '(no pgTAP counterpart: leading columns) indexedOnPrefix',
    passes: true,
    fluent: (s) => s.table('sometab').indexedOnPrefix(['upper(name)', 'numb']),
  },
]

describe('pgTAP catalogue', () => {
  let db: ScratchDatabase
  let model: SchemaModel
  beforeAll(async () => {
    db = await scratchDatabase()
    await db.client.query(DDL)
    model = await introspect(db.client)
  })
  afterAll(async () => {
    await db?.drop()
  })

  test.each(CASES)('$pgtap → pass: $passes', async (c) => {
    const outcome = await c.fluent(expectSchema(model)).then(
      () => true,
      (err: unknown) => {
        if (!(err instanceof Error) || err.name !== 'SchemaAssertionError') throw err
        return false
      },
    )
    expect(outcome).toBe(c.passes)
    if (c.matcher !== undefined) expect(c.matcher(model).pass).toBe(c.passes)
  })

  test('a mixed-case type fails with have/want when the name differs', async () => {
    await expect(expectSchema(model).table('sometab').column('camel', { type: 'mytype' })).rejects.toThrow(
      'camel.type\n        have: "myType"\n        want: mytype',
    )
  })

  test('a table off the search_path "does not exist", and the failure says where it is', async () => {
    await expect(expectSchema(model).table('hidden')).rejects.toThrow(
      [
        '  ✗ table hidden',
        '      Missing: the table does not exist on the search_path (public)',
        '      found in: hide.hidden — qualify the name (hide.hidden) or put its schema on the search_path',
      ].join('\n'),
    )
  })

  test('the search_path of the connection is the one names resolve on', async () => {
    await db.client.query('SET search_path TO hide, public')
    try {
      const onPath = await introspect(db.client)
      expect(onPath.searchPath).toEqual(['hide', 'public'])
      await expectSchema(onPath).table('hidden').tables(['hidden', 'sometab'])
      // not part of the snapshot or of deep equality
      expect(Object.keys(onPath)).not.toContain('searchPath')
    } finally {
      await db.client.query('RESET search_path')
    }
  })

  test('is_indexed failures show the indexes there are', async () => {
    await expect(expectSchema(model).table('sometab').indexedOn(['upper(name)', 'numb'])).rejects.toThrow(
      'have: idx_multi btree (upper(name), numb, lower(name)); sometab_pkey UNIQUE btree (id)\n      want: an index on (upper(name), numb)',
    )
  })
})
