/**
 * The catalog queries behind `introspect()`: a fixed set, one per object kind, each covering every
 * table at once, so the query count does not grow with the schema. `$1` is the schema filter
 * (`text[]`, or null for every non-system schema). Columns missing in older servers are read
 * through `to_jsonb(row)` so the same text runs on PostgreSQL 13 to 18. Comments are read from
 * pg_description directly: `obj_description()` is a SQL function call per row and was most of the
 * time of a 200-table introspection.
 * @module
 */

/** Keeps user schemas (or the requested ones) and drops system and temporary ones. */
function inSchemas(alias: string): string {
  return `(CASE WHEN $1::text[] IS NULL
    THEN ${alias}.nspname <> 'information_schema' AND ${alias}.nspname NOT LIKE 'pg\\_%'
    ELSE ${alias}.nspname = ANY($1::text[]) END)`
}

/** Objects created by an extension belong to the extension, not to the schema under test. */
function notFromExtension(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = '${catalog}'::regclass
    AND d.objid = ${oid} AND d.deptype = 'e')`
}

export const SCHEMAS_SQL = `
SELECT n.nspname AS name, pg_get_userbyid(n.nspowner) AS owner, n.nspacl::text[] AS acl,
  current_schemas(false)::text[] AS search_path,
  (SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = n.oid AND d.classoid = 'pg_catalog.pg_namespace'::regclass AND d.objsubid = 0) AS comment
FROM pg_catalog.pg_namespace n
WHERE ${inSchemas('n')} AND ${notFromExtension('pg_namespace', 'n.oid')}`

export const RELATIONS_SQL = `
SELECT n.nspname AS schema, c.relname AS name, c.relkind AS relkind, c.relpersistence AS persistence,
  c.relrowsecurity AS rls, c.relforcerowsecurity AS rls_forced,
  (SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0) AS comment, pg_get_userbyid(c.relowner) AS owner, c.relacl::text[] AS acl,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
  CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
  c.relispartition AS is_partition,
  ARRAY(SELECT pn.nspname || '.' || pc.relname FROM pg_catalog.pg_inherits i
    JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
    WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS parents,
  CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS definition
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND ${inSchemas('n')} AND ${notFromExtension('pg_class', 'c.oid')}`

export const COLUMNS_SQL = `
SELECT n.nspname AS schema, c.relname AS relation, a.attname AS name, a.attnum AS num,
  format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
  pg_get_expr(ad.adbin, ad.adrelid, true) AS default_expr, a.attidentity AS identity, a.attgenerated AS generated,
  CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0 THEN co.collname END AS collation,
  (SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum) AS comment
FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f', 'v', 'm') AND ${inSchemas('n')}
ORDER BY 1, 2, a.attnum`

export const CONSTRAINTS_SQL = `
SELECT n.nspname AS schema, c.relname AS relation, con.conname AS name, con.contype AS type,
  CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid, true) END AS definition,
  CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid, true) END AS expression,
  ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord) AS columns,
  fn.nspname || '.' || fc.relname AS referenced,
  ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord) AS referenced_columns,
  con.confdeltype AS on_delete, con.confupdtype AS on_update, con.confmatchtype AS match,
  con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated,
  con.connoinherit AS no_inherit,
  (SELECT coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) FROM pg_catalog.pg_index i
    WHERE i.indexrelid = con.conindid) AS nulls_not_distinct,
  (SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = con.oid AND d.classoid = 'pg_catalog.pg_constraint'::regclass AND d.objsubid = 0) AS comment
FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
  LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND ${inSchemas('n')}`

export const INDEXES_SQL = `
SELECT n.nspname AS schema, c.relname AS relation, ic.relname AS name, am.amname AS method,
  i.indisunique AS unique, i.indisprimary AS primary, i.indisvalid AS valid, i.indisclustered AS clustered,
  coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) AS nulls_not_distinct,
  i.indnkeyatts AS key_count,
  -- deparse only expression columns; plain columns are a cheap catalog lookup
  ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k, true)
      ELSE (SELECT quote_ident(a.attname) FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]) END
    FROM generate_series(1, i.indnatts) k ORDER BY k) AS elements,
  ARRAY(SELECT i.indkey[k - 1] = 0 FROM generate_series(1, i.indnatts) k ORDER BY k) AS is_expression,
  i.indoption::int2[] AS options,
  pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
  pg_get_indexdef(i.indexrelid) AS definition,
  con.conname AS constraint_name,
  (SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = ic.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0) AS comment
FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_am am ON am.oid = ic.relam
  LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
    AND con.contype IN ('p', 'u', 'x')
WHERE c.relkind IN ('r', 'p', 'm') AND ${inSchemas('n')}`

export const SEQUENCES_SQL = `
SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS data_type,
  s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max,
  s.seqcache::text AS cache, s.seqcycle AS cycle,
  (SELECT dn.nspname || '.' || dc.relname || '.' || da.attname FROM pg_catalog.pg_depend d
    JOIN pg_catalog.pg_class dc ON dc.oid = d.refobjid
    JOIN pg_catalog.pg_namespace dn ON dn.oid = dc.relnamespace
    JOIN pg_catalog.pg_attribute da ON da.attrelid = d.refobjid AND da.attnum = d.refobjsubid
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
      AND d.deptype = 'a' LIMIT 1) AS owned_by,
  (SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0) AS comment, pg_get_userbyid(c.relowner) AS owner, c.relacl::text[] AS acl
FROM pg_catalog.pg_sequence s
  JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ${inSchemas('n')} AND ${notFromExtension('pg_class', 'c.oid')}
  -- identity sequences are part of their column (column.identity), not objects of their own
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_class'::regclass
    AND d.objid = c.oid AND d.deptype = 'i')`

export const TYPES_SQL = `
SELECT n.nspname AS schema, t.typname AS name, t.typtype AS type,
  CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
    WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS labels,
  CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
  t.typnotnull AS not_null, t.typdefault AS default_expr,
  CASE WHEN t.typtype = 'd' THEN (SELECT json_agg(json_build_object('name', con.conname,
      'expression', pg_get_constraintdef(con.oid, true)) ORDER BY con.conname)
    FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c') END AS checks,
  CASE WHEN t.typtype = 'c' THEN (SELECT json_agg(json_build_object('name', a.attname,
      'type', format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
    FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
    END AS attributes,
  CASE WHEN t.typtype = 'r' THEN (SELECT format_type(r.rngsubtype, NULL) FROM pg_catalog.pg_range r
    WHERE r.rngtypid = t.oid) END AS subtype,
  (SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = t.oid AND d.classoid = 'pg_catalog.pg_type'::regclass AND d.objsubid = 0) AS comment
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype IN ('e', 'd', 'c', 'r') AND ${inSchemas('n')} AND ${notFromExtension('pg_type', 't.oid')}
  -- a table's row type is the table itself
  AND (t.typtype <> 'c' OR (SELECT rc.relkind FROM pg_catalog.pg_class rc WHERE rc.oid = t.typrelid) = 'c')`

export const FUNCTIONS_SQL = `
SELECT n.nspname AS schema, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS arguments,
  CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END AS returns,
  p.prokind AS routine_kind, l.lanname AS language, p.provolatile AS volatility, p.proisstrict AS strict,
  p.prosecdef AS security_definer,
  -- SQL-standard bodies (BEGIN ATOMIC) leave prosrc empty: hash the deparsed definition instead
  md5(CASE WHEN p.prokind = 'a' THEN '' WHEN coalesce(p.prosrc, '') = '' THEN pg_get_functiondef(p.oid)
    ELSE p.prosrc END) AS body_hash,
  (SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = p.oid AND d.classoid = 'pg_catalog.pg_proc'::regclass AND d.objsubid = 0) AS comment, pg_get_userbyid(p.proowner) AS owner, p.proacl::text[] AS acl
FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE ${inSchemas('n')} AND ${notFromExtension('pg_proc', 'p.oid')}
  -- constructors a range type creates for itself belong to the type
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_proc'::regclass
    AND d.objid = p.oid AND d.deptype = 'i')`

export const TRIGGERS_SQL = `
SELECT n.nspname AS schema, c.relname AS relation, t.tgname AS name, t.tgtype AS type, t.tgenabled AS enabled,
  pn.nspname || '.' || p.proname AS function, pg_get_triggerdef(t.oid, true) AS definition,
  (SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = t.oid AND d.classoid = 'pg_catalog.pg_trigger'::regclass AND d.objsubid = 0) AS comment
FROM pg_catalog.pg_trigger t
  JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
WHERE NOT t.tgisinternal AND c.relkind IN ('r', 'p', 'f', 'v') AND ${inSchemas('n')}`

export const POLICIES_SQL = `
SELECT n.nspname AS schema, c.relname AS relation, pol.polname AS name, pol.polcmd AS command,
  pol.polpermissive AS permissive,
  ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END FROM unnest(pol.polroles) r ORDER BY 1)
    AS roles,
  pg_get_expr(pol.polqual, pol.polrelid, true) AS using_expr,
  pg_get_expr(pol.polwithcheck, pol.polrelid, true) AS with_check,
  (SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = pol.oid AND d.classoid = 'pg_catalog.pg_policy'::regclass AND d.objsubid = 0) AS comment
FROM pg_catalog.pg_policy pol
  JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ${inSchemas('n')}`

export const EXTENSIONS_SQL = `
SELECT e.extname AS name, n.nspname AS schema, e.extversion AS version
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE $1::text[] IS NULL OR n.nspname = ANY($1::text[])`
