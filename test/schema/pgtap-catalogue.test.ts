/**
 * A pgTAP-style catalogue: our own DDL, written from pgTAP's documented semantics, and for each
 * case the pgTAP call, whether pgTAP passes it, and the same check through `expectSchema()` and
 * through the matchers. Every case must agree with pgTAP.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  expectSchema,
  introspect,
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
ALTER TABLE sometab CLUSTER ON sometab_pkey;
CREATE FUNCTION set_at_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.myat := now(); RETURN NEW; END $$;
CREATE TRIGGER set_at BEFORE INSERT OR UPDATE ON sometab FOR EACH ROW EXECUTE FUNCTION set_at_fn();
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE child (
  id integer PRIMARY KEY,
  parent_id integer REFERENCES parent (id),
  qty integer CHECK (qty > 0)
);
CREATE TABLE uniq (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE nokeys (a integer, b text);
CREATE TYPE bug_status AS ENUM ('new', 'open', 'closed');
CREATE TYPE hide.hidden_enum AS ENUM ('x');
CREATE DOMAIN us_postal_code AS text CHECK (VALUE ~ '^[0-9]{5}$');
CREATE SEQUENCE someseq;
CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE VIEW voo AS SELECT id, name FROM sometab;
CREATE MATERIALIZED VIEW moo AS SELECT id FROM sometab;
`

/** One case: the pgTAP call, pgTAP's documented outcome, and our two counterparts. */
interface Case {
  readonly pgtap: string
  readonly passes: boolean
  readonly fluent: (schema: SchemaExpectation) => PromiseLike<unknown>
  /** The matcher's verdict in pgTAP's terms (for a `hasnt_*` case: the negation of `.pass`). */
  readonly matcher?: (model: SchemaModel) => boolean
}

const m = schemaMatchers

function pair(pgtap: string, passes: boolean, fluent: Case['fluent'], matcher?: Case['matcher']): Case[] {
  return [matcher === undefined ? { pgtap, passes, fluent } : { pgtap, passes, fluent, matcher }]
}

const CASES: readonly Case[] = [
  // 1. identifiers, not strings: a mixed-case type as a user writes it
  {
    pgtap: "col_type_is('sometab', 'camel', 'myType')",
    passes: true,
    fluent: (s) => s.table('sometab').column('camel', { type: 'myType' }),
    matcher: (model) => m.toHaveColumns(model, 'sometab', [{ name: 'camel', type: 'myType' }]).pass,
  },
  {
    pgtap: "col_type_is('sometab', 'camel', 'mytype')",
    passes: false,
    fluent: (s) => s.table('sometab').column('camel', { type: 'mytype' }),
    matcher: (model) => m.toHaveColumns(model, 'sometab', [{ name: 'camel', type: 'mytype' }]).pass,
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
    matcher: (model) => m.toHaveColumns(model, 'sometab', [{ name: 'numb', default: null }]).pass,
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
    matcher: (model) => m.toHaveTable(model, 'hidden').pass,
  },
  {
    pgtap: "has_table('hide', 'hidden')",
    passes: true,
    fluent: (s) => s.table('hide.hidden'),
    matcher: (model) => m.toHaveTable(model, 'hide.hidden').pass,
  },
  {
    pgtap: "has_table('sometab')",
    passes: true,
    fluent: (s) => s.table('sometab'),
    matcher: (model) => m.toHaveTable(model, 'sometab').pass,
  },
  {
    pgtap: "tables_are(ARRAY['child', 'nokeys', 'parent', 'sometab', 'uniq'])",
    passes: true,
    fluent: (s) => s.tables(['child', 'nokeys', 'parent', 'sometab', 'uniq']),
  },
  {
    pgtap: "tables_are(ARRAY['child', 'nokeys', 'parent', 'sometab', 'uniq', 'hidden'])",
    passes: false,
    fluent: (s) => s.tables(['child', 'nokeys', 'parent', 'sometab', 'uniq', 'hidden']),
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
  // has any / hasnt: keys and constraints without naming them
  ...pair(
    "has_pk('sometab')",
    true,
    (s) => s.table('sometab').primaryKey(),
    (x) => m.toHavePrimaryKey(x, 'sometab').pass,
  ),
  ...pair(
    "has_pk('nokeys')",
    false,
    (s) => s.table('nokeys').primaryKey(),
    (x) => m.toHavePrimaryKey(x, 'nokeys').pass,
  ),
  ...pair(
    "hasnt_pk('nokeys')",
    true,
    (s) => s.table('nokeys').not.primaryKey(),
    (x) => !m.toHavePrimaryKey(x, 'nokeys').pass,
  ),
  ...pair(
    "hasnt_pk('sometab')",
    false,
    (s) => s.table('sometab').not.primaryKey(),
    (x) => !m.toHavePrimaryKey(x, 'sometab').pass,
  ),
  ...pair("col_is_pk('sometab', 'id')", true, (s) => s.table('sometab').primaryKey(['id'])),
  ...pair("col_isnt_pk('sometab', 'name')", true, (s) => s.table('sometab').not.primaryKey(['name'])),
  ...pair("col_isnt_pk('sometab', 'id')", false, (s) => s.table('sometab').not.primaryKey(['id'])),
  ...pair(
    "has_fk('child')",
    true,
    (s) => s.table('child').foreignKey(),
    (x) => m.toHaveForeignKey(x, 'child').pass,
  ),
  ...pair(
    "has_fk('parent')",
    false,
    (s) => s.table('parent').foreignKey(),
    (x) => m.toHaveForeignKey(x, 'parent').pass,
  ),
  ...pair(
    "hasnt_fk('parent')",
    true,
    (s) => s.table('parent').not.foreignKey(),
    (x) => !m.toHaveForeignKey(x, 'parent').pass,
  ),
  ...pair(
    "col_is_fk('child', 'parent_id')",
    true,
    (s) => s.table('child').foreignKey({ columns: ['parent_id'] }),
    (x) => m.toHaveForeignKey(x, 'child', { columns: ['parent_id'] }).pass,
  ),
  ...pair("col_is_fk('child', 'id')", false, (s) => s.table('child').foreignKey({ columns: ['id'] })),
  ...pair("col_isnt_fk('child', 'id')", true, (s) => s.table('child').not.foreignKey({ columns: ['id'] })),
  ...pair("fk_ok('child', 'parent_id', 'parent', 'id')", true, (s) =>
    s.table('child').foreignKey({ columns: ['parent_id'], references: 'parent', referencedColumns: ['id'] }),
  ),
  ...pair("fk_ok('child', 'parent_id', 'uniq', 'id')", false, (s) =>
    s.table('child').foreignKey({ columns: ['parent_id'], references: 'uniq', referencedColumns: ['id'] }),
  ),
  ...pair(
    "has_unique('uniq')",
    true,
    (s) => s.table('uniq').unique(),
    (x) => m.toHaveUnique(x, 'uniq').pass,
  ),
  ...pair(
    "has_unique('nokeys')",
    false,
    (s) => s.table('nokeys').unique(),
    (x) => m.toHaveUnique(x, 'nokeys').pass,
  ),
  ...pair("col_is_unique('uniq', 'code')", true, (s) => s.table('uniq').unique(['code'])),
  ...pair(
    "has_check('sometab')",
    true,
    (s) => s.table('sometab').check(),
    (x) => m.toHaveCheck(x, 'sometab').pass,
  ),
  ...pair(
    "has_check('nokeys')",
    false,
    (s) => s.table('nokeys').check(),
    (x) => m.toHaveCheck(x, 'nokeys').pass,
  ),
  ...pair("col_has_check('sometab', 'name')", true, (s) => s.table('sometab').check({ columns: ['name'] })),
  ...pair("col_has_check('sometab', 'numb')", false, (s) => s.table('sometab').check({ columns: ['numb'] })),
  // columns
  ...pair(
    "has_column('sometab', 'numb')",
    true,
    (s) => s.table('sometab').column('numb'),
    (x) => m.toHaveColumn(x, 'sometab', 'numb').pass,
  ),
  ...pair(
    "hasnt_column('sometab', 'nope')",
    true,
    (s) => s.table('sometab').not.column('nope'),
    (x) => !m.toHaveColumn(x, 'sometab', 'nope').pass,
  ),
  ...pair(
    "hasnt_column('sometab', 'id')",
    false,
    (s) => s.table('sometab').not.column('id'),
    (x) => !m.toHaveColumn(x, 'sometab', 'id').pass,
  ),
  ...pair(
    "col_has_default('sometab', 'numb')",
    true,
    (s) => s.table('sometab').column('numb', { hasDefault: true }),
    (x) => m.toHaveColumn(x, 'sometab', 'numb', { hasDefault: true }).pass,
  ),
  ...pair("col_has_default('sometab', 'plain')", false, (s) =>
    s.table('sometab').column('plain', { hasDefault: true }),
  ),
  ...pair("col_hasnt_default('sometab', 'plain')", true, (s) =>
    s.table('sometab').column('plain', { hasDefault: false }),
  ),
  ...pair("col_hasnt_default('sometab', 'numb')", false, (s) =>
    s.table('sometab').column('numb', { hasDefault: false }),
  ),
  ...pair("col_not_null('sometab', 'id')", true, (s) => s.table('sometab').column('id', { nullable: false })),
  ...pair("col_not_null('sometab', 'name')", false, (s) =>
    s.table('sometab').column('name', { nullable: false }),
  ),
  ...pair("col_is_null('sometab', 'name')", true, (s) =>
    s.table('sometab').column('name', { nullable: true }),
  ),
  // triggers and indexes
  ...pair(
    "has_trigger('sometab', 'set_at')",
    true,
    (s) => s.table('sometab').trigger('set_at'),
    (x) => m.toHaveTrigger(x, 'sometab', 'set_at').pass,
  ),
  ...pair(
    "hasnt_trigger('sometab', 'other')",
    true,
    (s) => s.table('sometab').not.trigger('other'),
    (x) => !m.toHaveTrigger(x, 'sometab', 'other').pass,
  ),
  ...pair("trigger_is('sometab', 'set_at', 'set_at_fn')", true, (s) =>
    s.table('sometab').trigger('set_at', { function: 'set_at_fn' }),
  ),
  ...pair(
    "triggers_are('sometab', ARRAY['set_at'])",
    true,
    (s) => s.table('sometab').triggersAre(['set_at']),
    (x) => m.toHaveTriggers(x, 'sometab', ['set_at']).pass,
  ),
  ...pair(
    "triggers_are('sometab', ARRAY['set_at', 'other'])",
    false,
    (s) => s.table('sometab').triggersAre(['set_at', 'other']),
    (x) => m.toHaveTriggers(x, 'sometab', ['set_at', 'other']).pass,
  ),
  ...pair(
    "has_index('sometab', 'idx_multi')",
    true,
    (s) => s.table('sometab').index('idx_multi'),
    (x) => m.toHaveIndex(x, 'sometab', 'idx_multi').pass,
  ),
  ...pair(
    "hasnt_index('sometab', 'idx_nope')",
    true,
    (s) => s.table('sometab').not.index('idx_nope'),
    (x) => !m.toHaveIndex(x, 'sometab', 'idx_nope').pass,
  ),
  ...pair("index_is_primary('sometab', 'sometab_pkey')", true, (s) =>
    s.table('sometab').index({ name: 'sometab_pkey', primary: true }),
  ),
  ...pair("index_is_primary('sometab', 'idx_multi')", false, (s) =>
    s.table('sometab').index({ name: 'idx_multi', primary: true }),
  ),
  ...pair("index_is_unique('sometab', 'sometab_pkey')", true, (s) =>
    s.table('sometab').index({ name: 'sometab_pkey', unique: true }),
  ),
  ...pair("index_is_type('sometab', 'idx_multi', 'btree')", true, (s) =>
    s.table('sometab').index({ name: 'idx_multi', method: 'btree' }),
  ),
  ...pair(
    "is_clustered('sometab', 'sometab_pkey')",
    true,
    (s) => s.table('sometab').clusteredOn('sometab_pkey'),
    (x) => m.toBeClusteredOn(x, 'sometab', 'sometab_pkey').pass,
  ),
  ...pair(
    "is_clustered('sometab', 'idx_multi')",
    false,
    (s) => s.table('sometab').clusteredOn('idx_multi'),
    (x) => m.toBeClusteredOn(x, 'sometab', 'idx_multi').pass,
  ),
  // existence of every kind, on the search_path
  ...pair(
    "has_view('voo')",
    true,
    (s) => s.has('view', 'voo'),
    (x) => m.toHaveObject(x, 'view', 'voo').pass,
  ),
  ...pair(
    "has_view('moo')",
    false,
    (s) => s.has('view', 'moo'),
    (x) => m.toHaveObject(x, 'view', 'moo').pass,
  ),
  ...pair("has_materialized_view('moo')", true, (s) => s.has('materialized view', 'moo')),
  ...pair(
    "hasnt_table('voo')",
    true,
    (s) => s.not.table('voo'),
    (x) => !m.toHaveTable(x, 'voo').pass,
  ),
  ...pair("hasnt_table('sometab')", false, (s) => s.not.table('sometab')),
  ...pair(
    "has_type('myType')",
    true,
    (s) => s.has('type', 'myType'),
    (x) => m.toHaveObject(x, 'type', 'myType').pass,
  ),
  ...pair("has_composite('myType')", true, (s) => s.has('composite', 'myType')),
  ...pair("has_domain('us_postal_code')", true, (s) => s.has('domain', 'us_postal_code')),
  ...pair("has_enum('bug_status')", true, (s) => s.has('enum', 'bug_status')),
  ...pair("hasnt_enum('us_postal_code')", true, (s) => s.not.has('enum', 'us_postal_code')),
  ...pair("has_enum('hidden_enum')", false, (s) => s.has('enum', 'hidden_enum')),
  ...pair("has_enum('hide', 'hidden_enum')", true, (s) => s.has('enum', 'hide.hidden_enum')),
  ...pair(
    "has_schema('hide')",
    true,
    (s) => s.has('schema', 'hide'),
    (x) => m.toHaveObject(x, 'schema', 'hide').pass,
  ),
  ...pair("hasnt_schema('nope')", true, (s) => s.not.has('schema', 'nope')),
  ...pair("has_sequence('someseq')", true, (s) => s.sequence('someseq')),
  ...pair("hasnt_sequence('someseq')", false, (s) => s.not.sequence('someseq')),
  ...pair(
    "has_function('add', ARRAY['integer', 'integer'])",
    true,
    (s) => s.function('add', { arguments: 'integer, integer' }),
    (x) => m.toHaveFunction(x, 'add', { arguments: 'int, int' }).pass,
  ),
  ...pair("hasnt_function('add', ARRAY['text'])", true, (s) => s.not.function('add', { arguments: 'text' })),
  ...pair(
    "has_extension('plpgsql')",
    true,
    (s) => s.extension('plpgsql'),
    (x) => m.toHaveExtension(x, 'plpgsql').pass,
  ),
  ...pair(
    "enum_has_labels('bug_status', ARRAY['new', 'open', 'closed'])",
    true,
    (s) => s.enum('bug_status', ['new', 'open', 'closed']),
    (x) => m.toHaveEnum(x, 'bug_status', ['new', 'open', 'closed']).pass,
  ),
  ...pair("enum_has_labels('bug_status', ARRAY['open', 'new', 'closed'])", false, (s) =>
    s.enum('bug_status', ['open', 'new', 'closed']),
  ),
  ...pair("domain_type_is('us_postal_code', 'text')", true, (s) => s.domain('us_postal_code', 'text')),
  ...pair("domain_type_is('us_postal_code', 'integer')", false, (s) => s.domain('us_postal_code', 'integer')),
  ...pair("domain_type_isnt('us_postal_code', 'integer')", true, (s) =>
    s.not.domain('us_postal_code', 'integer'),
  ),
  // exact sets ("no more, no less"), visible on the search_path unless a schema is named
  ...pair(
    "enums_are(ARRAY['bug_status'])",
    true,
    (s) => s.enumsAre(['bug_status']),
    (x) => m.toHaveExactly(x, 'enum', ['bug_status']).pass,
  ),
  ...pair("enums_are(ARRAY['bug_status', 'hidden_enum'])", false, (s) =>
    s.enumsAre(['bug_status', 'hidden_enum']),
  ),
  ...pair(
    "enums_are('hide', ARRAY['hidden_enum'])",
    true,
    (s) => s.enumsAre(['hidden_enum'], { schema: 'hide' }),
    (x) => m.toHaveExactly(x, 'enum', ['hidden_enum'], { schema: 'hide' }).pass,
  ),
  ...pair("domains_are(ARRAY['us_postal_code'])", true, (s) => s.domainsAre(['us_postal_code'])),
  ...pair("domains_are(ARRAY['us_postal_code', 'other'])", false, (s) =>
    s.domainsAre(['us_postal_code', 'other']),
  ),
  ...pair("types_are(ARRAY['bug_status', 'myType', 'us_postal_code'])", true, (s) =>
    s.typesAre(['bug_status', 'myType', 'us_postal_code']),
  ),
  ...pair("types_are(ARRAY['bug_status'])", false, (s) => s.typesAre(['bug_status'])),
  ...pair("sequences_are(ARRAY['someseq'])", true, (s) => s.sequencesAre(['someseq'])),
  ...pair('sequences_are(ARRAY[]::name[])', false, (s) => s.sequencesAre([])),
  ...pair(
    "functions_are(ARRAY['add', 'set_at_fn'])",
    true,
    (s) => s.functionsAre(['add', 'set_at_fn']),
    (x) => m.toHaveExactly(x, 'function', ['add', 'set_at_fn']).pass,
  ),
  ...pair("functions_are(ARRAY['add'])", false, (s) => s.functionsAre(['add'])),
  ...pair("extensions_are(ARRAY['plpgsql'])", true, (s) => s.extensionsAre(['plpgsql'])),
  ...pair("schemas_are(ARRAY['hide', 'public'])", true, (s) => s.schemas(['hide', 'public'])),
  ...pair("schemas_are(ARRAY['public'])", false, (s) => s.schemas(['public'])),
  ...pair("views_are(ARRAY['voo'])", true, (s) => s.views(['voo'])),
  ...pair(
    "materialized_views_are(ARRAY['moo'])",
    true,
    (s) => s.materializedViewsAre(['moo']),
    (x) => m.toHaveExactly(x, 'materialized view', ['moo']).pass,
  ),
  ...pair("materialized_views_are(ARRAY['voo'])", false, (s) => s.materializedViewsAre(['voo'])),
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
    if (c.matcher !== undefined) expect(c.matcher(model)).toBe(c.passes)
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
      await expectSchema(onPath).table('hidden').tables(['hidden'], { exact: false })
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

  test('failures of the has-any and hasnt checks read like pgTAP, with where the object is', async () => {
    const error = await expectSchema(model)
      .table('nokeys')
      .primaryKey()
      .foreignKey()
      .unique()
      .check()
      .table('sometab')
      .not.column('id')
      .not.primaryKey()
      .not.index('idx_multi')
      .column('plain', { hasDefault: true })
      .triggersAre(['set_at', 'other'])
      .clusteredOn('idx_multi')
      .not.table('sometab')
      .enumsAre(['bug_status', 'hidden_enum'])
      .has('enum', 'hidden_enum')
      .then(
        () => undefined,
        (err: unknown) => err,
      )
    expect((error as Error).message).toBe(`Schema expectations failed (13 of 15):
  ✗ public.nokeys: has a primary key
      have: no primary key
      want: a primary key
  ✗ public.nokeys: has a foreign key
      have: no foreign keys
      want: a foreign key → any table
  ✗ public.nokeys: has a unique constraint
      have: no unique constraints
      want: a unique constraint
  ✗ public.nokeys: has a check constraint
      have: no check constraints
      want: a check constraint
  ✗ public.sometab: no column id
      have: column id
      want: none
  ✗ public.sometab: no primary key
      have: primary key
      want: none
  ✗ public.sometab: no index idx_multi
      have: index idx_multi
      want: none
  ✗ public.sometab: column plain
      plain.default
        have: no default
        want: a default
  ✗ public.sometab: triggers are
      Missing:
          other
  ✗ public.sometab: index idx_multi
      clustered
        have: clustered on sometab_pkey
        want: true
  ✗ no table sometab
      have: table public.sometab
      want: none
  ✗ enums in the search_path (public) are
      Missing:
          hidden_enum
  ✗ enum hidden_enum
      Missing: the enum does not exist on the search_path (public)
      found in: hide.hidden_enum — qualify the name (hide.hidden_enum) or put its schema on the search_path`)
  })

  test('the matchers work with vitest, .not included', () => {
    expect.extend(schemaMatchers)
    type Loose = Record<string, (...args: unknown[]) => void> & {
      not: Record<string, (...args: unknown[]) => void>
    }
    const e = () => expect(model) as unknown as Loose
    e().toHavePrimaryKey?.('sometab')
    e().not.toHavePrimaryKey?.('nokeys')
    e().not.toHaveColumn?.('sometab', 'nope')
    e().toHaveExactly?.('enum', ['bug_status'])
    expect(() => e().not.toHaveTable?.('sometab')).toThrow(
      'expected the schema not to satisfy: table sometab\n  have: present in public.sometab\n  want: absent',
    )
  })
})
