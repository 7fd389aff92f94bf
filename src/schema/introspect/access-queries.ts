/**
 * Optional catalog queries for roles, effective privileges and owners: run only when asked
 * (`introspect(db, { include: ['roles', 'privileges'] })`), so the default introspection keeps its
 * query count and speed. Privileges are effective ones, as pgTAP's `*_privs_are` read them
 * (`has_table_privilege` and friends: grants to PUBLIC and to roles a role inherits, and the
 * owner's rights, count). `$1` is the schema filter, as in `queries.ts`.
 * @module
 */

function inSchemas(alias: string): string {
  return `(CASE WHEN $1::text[] IS NULL
    THEN ${alias}.nspname <> 'information_schema' AND ${alias}.nspname NOT LIKE 'pg\\_%'
    ELSE ${alias}.nspname = ANY($1::text[]) END)`
}

const notFromExtension = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = '${catalog}'::regclass
    AND d.objid = ${oid} AND d.deptype = 'e')`

/** Roles other than the predefined `pg_*` ones, with their direct memberships. */
export const ROLES_SQL = `
SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolcanlogin AS login, r.rolinherit AS inherit,
  r.rolcreaterole AS create_role, r.rolcreatedb AS create_db,
  ARRAY(SELECT g.rolname::text FROM pg_catalog.pg_auth_members m
    JOIN pg_catalog.pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid ORDER BY 1) AS member_of
FROM pg_catalog.pg_roles r
WHERE r.rolname !~ '^pg_' AND $1::text[] IS NOT DISTINCT FROM $1::text[]
ORDER BY 1`

/** Effective privileges of every role on tables, columns, sequences, functions, schemas and the database. */
export const PRIVILEGES_SQL = `
WITH r AS (SELECT oid, rolname::text AS rolname FROM pg_catalog.pg_roles WHERE rolname !~ '^pg_'),
rel AS (SELECT c.oid, n.nspname::text AS nspname, c.relname::text AS relname, c.relkind
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${inSchemas('n')} AND ${notFromExtension('pg_class', 'c.oid')}),
p AS (
  SELECT CASE WHEN rel.relkind = 'S' THEN 'sequence' ELSE 'table' END AS object, rel.nspname AS schema,
    rel.relname AS name, NULL::text AS detail, r.rolname AS role,
    ARRAY(SELECT x FROM unnest(CASE WHEN rel.relkind = 'S' THEN ARRAY['SELECT', 'UPDATE', 'USAGE']
        ELSE ARRAY['DELETE', 'INSERT', 'REFERENCES', 'SELECT', 'TRIGGER', 'TRUNCATE', 'UPDATE'] END) x
      WHERE CASE WHEN rel.relkind = 'S' THEN has_sequence_privilege(r.oid, rel.oid, x)
        ELSE has_table_privilege(r.oid, rel.oid, x) END) AS privileges
  FROM rel CROSS JOIN r
  UNION ALL
  SELECT 'column', rel.nspname, rel.relname, a.attname::text, r.rolname,
    ARRAY(SELECT x FROM unnest(ARRAY['INSERT', 'REFERENCES', 'SELECT', 'UPDATE']) x
      WHERE has_column_privilege(r.oid, rel.oid, a.attnum, x))
  FROM rel JOIN pg_catalog.pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
    CROSS JOIN r WHERE rel.relkind <> 'S'
  UNION ALL
  SELECT 'function', n.nspname::text, f.proname::text, pg_get_function_identity_arguments(f.oid), r.rolname,
    CASE WHEN has_function_privilege(r.oid, f.oid, 'EXECUTE') THEN ARRAY['EXECUTE'] ELSE ARRAY[]::text[] END
  FROM pg_catalog.pg_proc f JOIN pg_catalog.pg_namespace n ON n.oid = f.pronamespace CROSS JOIN r
  WHERE ${inSchemas('n')} AND ${notFromExtension('pg_proc', 'f.oid')}
  UNION ALL
  SELECT 'schema', '', n.nspname::text, NULL, r.rolname,
    ARRAY(SELECT x FROM unnest(ARRAY['CREATE', 'USAGE']) x WHERE has_schema_privilege(r.oid, n.oid, x))
  FROM pg_catalog.pg_namespace n CROSS JOIN r WHERE ${inSchemas('n')}
  UNION ALL
  SELECT 'database', '', d.datname::text, NULL, r.rolname,
    ARRAY(SELECT x FROM unnest(ARRAY['CONNECT', 'CREATE', 'TEMPORARY']) x WHERE has_database_privilege(r.oid, d.oid, x))
  FROM pg_catalog.pg_database d CROSS JOIN r WHERE d.datname = current_database()
)
SELECT * FROM p WHERE cardinality(privileges) > 0`

/** The owner of every object kind pgTAP's `*_owner_is` functions know. */
export const OWNERS_SQL = `
SELECT 'database' AS object, '' AS schema, d.datname::text AS name, NULL::text AS detail, pg_get_userbyid(d.datdba)::text AS owner
FROM pg_catalog.pg_database d WHERE d.datname = current_database()
UNION ALL
SELECT 'tablespace', '', t.spcname::text, NULL, pg_get_userbyid(t.spcowner)::text FROM pg_catalog.pg_tablespace t
UNION ALL
SELECT 'language', '', l.lanname::text, NULL, pg_get_userbyid(l.lanowner)::text FROM pg_catalog.pg_language l WHERE l.lanispl
UNION ALL
SELECT 'schema', '', n.nspname::text, NULL, pg_get_userbyid(n.nspowner)::text FROM pg_catalog.pg_namespace n WHERE ${inSchemas('n')}
UNION ALL
SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
    WHEN 'f' THEN 'foreign table' WHEN 'c' THEN 'composite' WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' ELSE 'table' END,
  n.nspname::text, c.relname::text, NULL, pg_get_userbyid(c.relowner)::text
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c', 'i', 'I') AND ${inSchemas('n')}
UNION ALL
SELECT 'function', n.nspname::text, f.proname::text, pg_get_function_identity_arguments(f.oid), pg_get_userbyid(f.proowner)::text
FROM pg_catalog.pg_proc f JOIN pg_catalog.pg_namespace n ON n.oid = f.pronamespace
WHERE ${inSchemas('n')} AND ${notFromExtension('pg_proc', 'f.oid')}
UNION ALL
SELECT CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range' ELSE 'type' END,
  n.nspname::text, t.typname::text, NULL, pg_get_userbyid(t.typowner)::text
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype IN ('b', 'e', 'd', 'r') AND t.typelem = 0 AND ${inSchemas('n')} AND ${notFromExtension('pg_type', 't.oid')}
UNION ALL
SELECT 'operator class', n.nspname::text, o.opcname::text, am.amname::text, pg_get_userbyid(o.opcowner)::text
FROM pg_catalog.pg_opclass o JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace
  JOIN pg_catalog.pg_am am ON am.oid = o.opcmethod
WHERE ${inSchemas('n')}`
