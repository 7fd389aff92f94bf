/**
 * The seam between the harness and schema comparison: capture a database's schema, then list
 * the differences between two captures. The default probe is the schema module's introspection
 * and diff (`pgtestbed/schema`); `catalogProbe` is a lighter single-query alternative.
 * @module
 */

import { globToRegExp } from '../../internal/glob.js'
import type { Queryable } from '../../internal/queryable.js'
import { STATE_SCHEMA } from '../migrate.js'
import { definitionDiff } from './definition-diff.js'
import { frozenLiteralHint, onlyFrozenLiterals } from './frozen-literals.js'
import { type IgnorableKind, kindGroup } from './object-kinds.js'

/** Options of a comparison. */
export interface CompareOptions {
  /** Globs of qualified object names to leave out (`public.schema_migrations`, `audit.*`). */
  readonly ignore?: readonly string[]
  /** Whole kinds to leave out (`view`, `function`, `trigger`, …: see `IGNORABLE_KINDS`). */
  readonly ignoreKinds?: readonly IgnorableKind[]
  /**
   * `risk` (default): each line says how risky the change is (`breaking: …`); `restore`: worded
   * for a down that should have restored `expected` (`the down did not restore …`).
   */
  readonly wording?: 'risk' | 'restore'
  /**
   * Epoch ms: a difference only in timestamp literals frozen since then (`'now'::timestamp` in a
   * view) is not counted; `onNote` gets a hint instead.
   */
  readonly frozenSince?: number
  /** Receives hints about differences that were not counted. */
  readonly onNote?: (note: string) => void
}

/** Captures schemas and compares them; `differences` returns one readable line per difference. */
export interface SchemaProbe {
  readonly name: string
  capture(session: Queryable): Promise<SchemaCapture>
  differences(expected: SchemaCapture, actual: SchemaCapture, options?: CompareOptions): string[]
  /** Reads a committed snapshot file as a capture, when the probe has a snapshot format. */
  load?(file: string): Promise<SchemaCapture>
}

/** An opaque capture of one database's schema, tagged with the probe that made it. */
export interface SchemaCapture {
  readonly kind: 'schema-capture'
  readonly probe: string
  readonly data: unknown
}

// Every user object as `identity -> definition`; system schemas and the runner's state are left out.
const CATALOG_QUERY = `
with ns as (
  select oid, nspname from pg_namespace
  where nspname not in ('pg_catalog', 'information_schema', 'pg_toast', '${STATE_SCHEMA}')
    and nspname not like 'pg_temp_%' and nspname not like 'pg_toast_temp_%'
)
select 'schema ' || nspname as key, '' as def from ns where nspname <> 'public'
union all
select 'relation ' || ns.nspname || '.' || c.relname, c.relkind::text
from pg_class c join ns on ns.oid = c.relnamespace
where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f', 'c') and not exists (
  select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
union all
select 'column ' || ns.nspname || '.' || c.relname || '.' || a.attname,
  format_type(a.atttypid, a.atttypmod) || case when a.attnotnull then ' not null' else '' end
  || coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '')
  || case when a.attidentity <> '' then ' identity ' || a.attidentity::text else '' end
  || case when a.attgenerated <> '' then ' generated ' || a.attgenerated::text else '' end
from pg_attribute a join pg_class c on c.oid = a.attrelid join ns on ns.oid = c.relnamespace
left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm', 'f', 'c')
union all
select 'constraint ' || ns.nspname || '.' || coalesce(c.relname, t.typname) || '.' || con.conname,
  pg_get_constraintdef(con.oid)
from pg_constraint con join ns on ns.oid = con.connamespace
left join pg_class c on c.oid = con.conrelid left join pg_type t on t.oid = con.contypid
union all
select 'index ' || ns.nspname || '.' || c.relname, pg_get_indexdef(c.oid)
from pg_index i join pg_class c on c.oid = i.indexrelid join ns on ns.oid = c.relnamespace
union all
select 'view ' || ns.nspname || '.' || c.relname, pg_get_viewdef(c.oid)
from pg_class c join ns on ns.oid = c.relnamespace where c.relkind in ('v', 'm')
union all
select 'type ' || ns.nspname || '.' || t.typname,
  t.typtype::text || coalesce(' ' || (select string_agg(e.enumlabel, ',' order by e.enumsortorder)
    from pg_enum e where e.enumtypid = t.oid), '')
from pg_type t join ns on ns.oid = t.typnamespace
where t.typtype in ('e', 'd', 'r', 'm')
union all
select 'function ' || ns.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
  p.prokind::text || ' ' || pg_get_function_result(p.oid) || ' ' || md5(p.prosrc)
from pg_proc p join ns on ns.oid = p.pronamespace
where not exists (
  select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
union all
select 'trigger ' || ns.nspname || '.' || c.relname || '.' || tg.tgname, pg_get_triggerdef(tg.oid)
from pg_trigger tg join pg_class c on c.oid = tg.tgrelid join ns on ns.oid = c.relnamespace
where not tg.tgisinternal
union all
select 'policy ' || ns.nspname || '.' || c.relname || '.' || pol.polname,
  pol.polcmd::text || ' ' || coalesce(pg_get_expr(pol.polqual, pol.polrelid), '')
from pg_policy pol join pg_class c on c.oid = pol.polrelid join ns on ns.oid = c.relnamespace
union all
select 'rls ' || ns.nspname || '.' || c.relname, c.relrowsecurity::text || ' ' || c.relforcerowsecurity::text
from pg_class c join ns on ns.oid = c.relnamespace where c.relrowsecurity or c.relforcerowsecurity
union all
select 'extension ' || extname, '' from pg_extension where extname <> 'plpgsql'
`

/**
 * The built-in probe: one catalog query (tables, columns, constraints, indexes, views, types,
 * functions, triggers, policies, extensions), compared by identity. Column order is ignored.
 *
 * @example
 * const before = await catalogProbe.capture(client)
 * const after = await catalogProbe.capture(client)
 * catalogProbe.differences(before, after) // [] when nothing changed
 */
export const catalogProbe: SchemaProbe = {
  name: 'catalog',
  async capture(session) {
    const { rows } = await session.query<{ key: string; def: string }>(CATALOG_QUERY)
    const objects: Record<string, string> = {}
    for (const row of rows) objects[row.key] = row.def
    return Object.freeze({ kind: 'schema-capture', probe: 'catalog', data: Object.freeze(objects) })
  },
  differences(expected, actual, options = {}) {
    const want_ = expected.data as Record<string, string>
    const have_ = actual.data as Record<string, string>
    const patterns = (options.ignore ?? []).map(globToRegExp)
    const kinds = new Set<string>(options.ignoreKinds ?? [])
    // A view's columns go with the view.
    const views = new Set(
      [...Object.keys(want_), ...Object.keys(have_)]
        .filter((k) => k.startsWith('view '))
        .map((k) => k.slice(5)),
    )
    // Keys read "<kind> <qualified name>".
    const ignored = (key: string) => {
      const name = key.slice(key.indexOf(' ') + 1)
      const kind = key.slice(0, key.indexOf(' '))
      const group =
        kind === 'relation' && /^[vm]$/.test(want_[key] ?? have_[key] ?? '') ? 'view' : kindGroup(kind)
      const parent = name.slice(0, name.lastIndexOf('.'))
      return (
        kinds.has(group) ||
        (kind === 'column' && kinds.has('view') && views.has(parent)) ||
        patterns.some((p) => p.test(name))
      )
    }
    const restore = options.wording === 'restore'
    const out: string[] = []
    const keys = [...new Set([...Object.keys(want_), ...Object.keys(have_)])]
      .filter((k) => !ignored(k))
      .sort()
    for (const key of keys) {
      const want = want_[key]
      const have = have_[key]
      if (want === undefined)
        out.push(`${restore ? 'the down left behind' : 'extra'} ${key}${have ? `: ${have}` : ''}`)
      else if (have === undefined)
        out.push(`${restore ? 'the down did not restore' : 'missing'} ${key}${want ? `: ${want}` : ''}`)
      else if (want !== have) {
        if (options.frozenSince !== undefined && onlyFrozenLiterals(want, have, options.frozenSince)) {
          options.onNote?.(frozenLiteralHint(key))
          continue
        }
        const head = restore ? `the down did not restore ${key}` : `changed ${key}`
        if (want.length <= 60 && have.length <= 60 && !want.includes('\n') && !have.includes('\n'))
          out.push(`${head}: want ${want}, have ${have}`)
        else out.push(`${head}:`, ...definitionDiff(want, have).map((line) => `    ${line}`))
      }
    }
    return out
  },
}
