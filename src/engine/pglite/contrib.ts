/**
 * PGlite's contrib extensions (each a small bundle in `@electric-sql/pglite/contrib/<name>`).
 * An instance can only CREATE EXTENSION what it was started with, and a template's migrations
 * may create any of them, so new databases get them all (about +0.4 s per instance, measured);
 * a copy of a template gets only the ones its template has installed (and the preloaded ones).
 * @module
 */
import type { Extension } from '@electric-sql/pglite'
import type { ImportModule } from './load-pglite.js'

/** Module names under `@electric-sql/pglite/contrib/` in PGlite 0.5.15. */
export const CONTRIB = [
  'amcheck',
  'auto_explain',
  'bloom',
  'btree_gin',
  'btree_gist',
  'citext',
  'cube',
  'dict_int',
  'dict_xsyn',
  'earthdistance',
  'file_fdw',
  'fuzzystrmatch',
  'hstore',
  'intarray',
  'isn',
  'lo',
  'ltree',
  'moddatetime',
  'pageinspect',
  'pg_buffercache',
  'pg_freespacemap',
  'pg_stat_statements',
  'pg_surgery',
  'pg_trgm',
  'pg_visibility',
  'pg_walinspect',
  'pgcrypto',
  'seg',
  'tablefunc',
  'tcn',
  'tsm_system_rows',
  'tsm_system_time',
  'unaccent',
  'uuid_ossp',
] as const

/** Every contrib extension by name (the module exports it under its own name). */
export async function loadContrib(load: ImportModule): Promise<Record<string, Extension>> {
  const all: Record<string, Extension> = {}
  await Promise.all(
    CONTRIB.map(async (name) => {
      const module = (await load(`@electric-sql/pglite/contrib/${name}`)) as Record<
        string,
        Extension | undefined
      >
      const extension = module[name]
      if (extension !== undefined) all[name] = extension
    }),
  )
  return all
}

/**
 * Extensions whose setup writes `shared_preload_libraries` into the data directory: every
 * instance started from such a directory must load them, or PGlite fails to initialize.
 */
const PRELOADED = ['pg_stat_statements', 'auto_explain']

/** The extensions of `all` that a database with `installed` (pg_extension names) needs. */
export function extensionsFor(
  all: Readonly<Record<string, Extension>>,
  installed: readonly string[],
): Record<string, Extension> {
  const wanted = new Set([...PRELOADED, ...installed.map((name) => name.replaceAll('-', '_'))])
  return Object.fromEntries(Object.entries(all).filter(([name]) => wanted.has(name)))
}
