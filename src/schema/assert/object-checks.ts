/**
 * Existence and exact-set checks for every named object kind (pgTAP `has_*` and `*_are`), and
 * `negate()`, which turns any check into its opposite (`hasnt_*`, `.not`).
 * @module
 */
import type { SchemaModel } from '../model.js'
import { haveWant, missingExtra } from './format.js'
import { sameIdentifier, sameType } from './identifiers.js'
import { type Check, isProblem, resolveNamed, searchPathOf, visible } from './resolve.js'

/** How a detail line starts when the model lacks what a check needs (see `introspect` options). */
export const NOT_INTROSPECTED = 'introspected without'

/** Object kinds with a name (and, but for schemas and extensions, a schema). */
export type CatalogKind =
  | 'table'
  | 'foreign table'
  | 'view'
  | 'materialized view'
  | 'sequence'
  | 'function'
  | 'type'
  | 'enum'
  | 'domain'
  | 'composite'
  | 'range'
  | 'extension'
  | 'schema'

interface Named {
  readonly schema: string
  readonly name: string
}

const PLURAL: Record<CatalogKind, string> = {
  table: 'tables',
  'foreign table': 'foreign tables',
  view: 'views',
  'materialized view': 'materialized views',
  sequence: 'sequences',
  function: 'functions',
  type: 'types',
  enum: 'enums',
  domain: 'domains',
  composite: 'composite types',
  range: 'range types',
  extension: 'extensions',
  schema: 'schemas',
}

/** The objects of one kind in the model. */
export function objectsOf(model: SchemaModel, kind: CatalogKind): readonly Named[] {
  switch (kind) {
    case 'table':
      return model.tables.filter((t) => t.tableKind !== 'foreign')
    case 'foreign table':
      return model.tables.filter((t) => t.tableKind === 'foreign')
    case 'view':
      return model.views.filter((v) => !v.materialized)
    case 'materialized view':
      return model.views.filter((v) => v.materialized)
    case 'sequence':
      return model.sequences
    case 'function':
      return model.functions
    case 'type':
      return model.types
    case 'enum':
    case 'domain':
    case 'composite':
    case 'range':
      return model.types.filter((t) => t.kind === kind)
    case 'extension':
      return model.extensions
    case 'schema':
      return model.schemas.map((s) => ({ schema: '', name: s.name }))
  }
}

/** Schemas and extensions are not schema-qualified: they are found by name alone. */
const unscoped = (kind: CatalogKind) => kind === 'schema' || kind === 'extension'

/** `name` (on the search_path) or `schema.name` exists as a `kind` (pgTAP `has_table`, `has_type`, …). */
export function existsCheck(kind: CatalogKind, name: string): Check {
  return {
    title: `${kind} ${name}`,
    locate(model) {
      const found = unscoped(kind) ? undefined : resolveNamed(model, objectsOf(model, kind), name, kind)
      return found === undefined || isProblem(found)
        ? `${kind} ${name}`
        : `${kind} ${found.schema}.${found.name}`
    },
    run(model) {
      const items = objectsOf(model, kind)
      if (unscoped(kind)) {
        return items.some((i) => sameIdentifier(i.name, name))
          ? null
          : { title: `${kind} ${name}`, details: [`Missing: the ${kind} does not exist`] }
      }
      const found = resolveNamed(model, items, name, kind)
      return isProblem(found) ? found : null
    },
  }
}

/**
 * Exactly these `kind`s (names) in `schema`, or, without one, among those visible on the
 * search_path (pgTAP `*_are`): Missing and Extra lists.
 */
export function namesAreCheck(
  kind: CatalogKind,
  names: readonly string[],
  options: { schema?: string } = {},
): Check {
  const scope = (model: SchemaModel) =>
    unscoped(kind) ? '' : ` in ${options.schema ?? `the search_path (${searchPathOf(model).join(', ')})`}`
  return {
    title: `${PLURAL[kind]} are`,
    run(model) {
      const items = objectsOf(model, kind)
      const inScope = unscoped(kind)
        ? items
        : options.schema === undefined
          ? visible(model, items)
          : items.filter((i) => sameIdentifier(i.schema, options.schema ?? ''))
      const have = [...new Set(inScope.map((i) => i.name))].sort()
      const details = missingExtra(have, names, true)
      return details.length === 0 ? null : { title: `${PLURAL[kind]}${scope(model)} are`, details }
    },
  }
}

/** A domain over this base type (pgTAP `domain_type_is`; `.not`: `domain_type_isnt`). */
export function domainTypeCheck(name: string, baseType: string): Check {
  return {
    title: `domain ${name}`,
    run(model) {
      const domains = model.types.filter((t) => t.kind === 'domain')
      const found = resolveNamed(model, domains, name, 'domain')
      if (isProblem(found)) return found
      return sameType(found.baseType, baseType)
        ? null
        : { title: `domain ${found.schema}.${found.name}`, details: haveWant(found.baseType, baseType) }
    },
  }
}

/**
 * The opposite of a check: holds when `check` fails (pgTAP `hasnt_*`, `col_isnt_pk`, …; the
 * `.not` of `expectSchema()`). Its failure says what exists that should not.
 */
export function negate(check: Check): Check {
  return {
    title: `not ${check.title}`,
    run(model) {
      const problem = check.run(model)
      // a check that could not run (data not introspected) stays a failure when negated
      if (problem !== null)
        return problem.details.some((d) => d.startsWith(NOT_INTROSPECTED)) ? problem : null
      const located = check.locate?.(model)
      const colon = check.title.indexOf(': ')
      if (colon === -1) {
        return { title: `no ${check.title}`, details: haveWant(located ?? check.title, 'none') }
      }
      const what = check.title.slice(colon + 2).replace(/^has (an? )?/, '')
      return {
        title: `${located ?? check.title.slice(0, colon)}: no ${what}`,
        details: haveWant(what, 'none'),
      }
    },
  }
}
