/**
 * `introspect()`: reads a live database into the normalized `SchemaModel`.
 * @module
 */
import { failure, messageOf } from '../../errors.js'
import type { Queryable } from '../../internal/queryable.js'
import { type DatabaseInput, withQueryable } from '../connect.js'
import type { SchemaModel } from '../model.js'
import { SchemaError } from '../schema-error.js'
import { type IntrospectExtra, readAccess } from './access.js'
import { assembleModel } from './assemble.js'
import { runCatalogQuery } from './prepared.js'
import * as sql from './queries.js'
import type { CatalogRows } from './rows.js'

/** Options of `introspect()`. */
export interface IntrospectOptions {
  /** Schemas to read; default: every schema except `pg_*` and `information_schema`. */
  readonly schemas?: readonly string[]
  /** Also record owners and grants (they usually differ between environments); default false. */
  readonly privileges?: boolean
  /**
   * Send the catalog queries as named prepared statements on `pg` connections (planned once per
   * connection); default true. Turn off behind PgBouncer in transaction pooling mode.
   */
  readonly prepare?: boolean
  /**
   * Also read `roles` (attributes, memberships) and/or `privileges` (effective privileges of every
   * role on tables, columns, sequences, functions, schemas and the database, and the owner of every
   * object kind) into `model.access`: extra catalog queries, off by default.
   */
  readonly include?: readonly IntrospectExtra[]
}

const QUERIES = [
  sql.SCHEMAS_SQL,
  sql.RELATIONS_SQL,
  sql.COLUMNS_SQL,
  sql.CONSTRAINTS_SQL,
  sql.INDEXES_SQL,
  sql.SEQUENCES_SQL,
  sql.TYPES_SQL,
  sql.FUNCTIONS_SQL,
  sql.TRIGGERS_SQL,
  sql.POLICIES_SQL,
  sql.EXTENSIONS_SQL,
] as const

/**
 * The number of catalog queries one `introspect()` runs, whatever the size of the schema.
 *
 * @example
 * console.log(`introspection sends ${INTROSPECTION_QUERY_COUNT} queries`)
 */
export const INTROSPECTION_QUERY_COUNT = QUERIES.length

/**
 * Reads the schema of a live database: tables (with columns, keys, checks, exclusions, indexes,
 * triggers, policies, partitioning), views, sequences, types, functions and extensions — in a
 * fixed set of catalog queries, never one per table. Expressions are printed by PostgreSQL
 * relative to the connection's `search_path`.
 *
 * @example
 * const model = await introspect('postgres://localhost/app')
 * const users = model.tables.find((t) => t.name === 'users')
 * console.log(users?.columns.map((c) => `${c.name} ${c.type}`))
 */
export async function introspect(db: DatabaseInput, options: IntrospectOptions = {}): Promise<SchemaModel> {
  const include = options.include ?? []
  const [rows, access] = await withQueryable(db, async (q) => {
    const catalog = await readCatalog(q, options.schemas, options.prepare ?? true)
    if (include.length === 0) return [catalog, undefined] as const
    const run = runner(q, options.schemas, options.prepare ?? true)
    return [catalog, await readAccess(include, run)] as const
  })
  const model = assembleModel(rows, { privileges: options.privileges ?? false, access })
  return model
}

function runner(q: Queryable, schemas: readonly string[] | undefined, prepare: boolean) {
  const params = [schemas === undefined ? null : [...schemas]]
  return async <R>(text: string): Promise<R[]> => {
    try {
      return (await runCatalogQuery(q, text, params, prepare)) as R[]
    } catch (err) {
      throw new SchemaError(
        'PGT_INTROSPECT',
        failure(
          'introspect the database schema',
          messageOf(err),
          'Check that the connection can read the system catalogs (PostgreSQL 13 or newer).',
        ),
        { cause: err },
      )
    }
  }
}

async function readCatalog(
  q: Queryable,
  schemas: readonly string[] | undefined,
  prepare: boolean,
): Promise<CatalogRows> {
  const run = runner(q, schemas, prepare)
  // A pool runs the queries in parallel; a single client takes them one after another.
  const parallel = 'totalCount' in q
  const results: unknown[][] = []
  if (parallel) results.push(...(await Promise.all(QUERIES.map((text) => run<unknown>(text)))))
  else for (const text of QUERIES) results.push(await run<unknown>(text))
  const [
    schemasRows,
    relations,
    columns,
    constraints,
    indexes,
    sequences,
    types,
    functions,
    triggers,
    policies,
    extensions,
  ] = results as [
    CatalogRows['schemas'][number][],
    CatalogRows['relations'][number][],
    CatalogRows['columns'][number][],
    CatalogRows['constraints'][number][],
    CatalogRows['indexes'][number][],
    CatalogRows['sequences'][number][],
    CatalogRows['types'][number][],
    CatalogRows['functions'][number][],
    CatalogRows['triggers'][number][],
    CatalogRows['policies'][number][],
    CatalogRows['extensions'][number][],
  ]
  return {
    schemas: schemasRows,
    relations,
    columns,
    constraints,
    indexes,
    sequences,
    types,
    functions,
    triggers,
    policies,
    extensions,
  }
}
