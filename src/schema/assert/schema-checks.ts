/**
 * Whole-schema checks: the exact set of tables, views, schemas; enums with labels in order;
 * functions; extensions; sequences; nothing left NOT VALID or invalid; a primary key on every
 * table; the schema equal to a snapshot.
 * @module
 */
import type { DiffOptions } from '../diff/change.js'
import { diffSchemas } from '../diff/diff-schemas.js'
import type { Routine, SchemaModel } from '../model.js'
import { readSnapshot } from '../snapshot.js'
import { haveWant, missingExtra } from './format.js'
import { sameIdentifier, splitQualified } from './identifiers.js'
import { normalizeType } from './normalize-text.js'
import { type Check, isProblem, resolveNamed, searchPathOf, visible } from './resolve.js'

const qualified = (o: { schema: string; name: string }) => `${o.schema}.${o.name}`
/** Names in `schema` by default `public`; qualified names when asked for other schemas. */
const inSchema = (schema: string) => (o: { schema: string }) => o.schema === schema

export function tablesAreCheck(
  names: readonly string[],
  options: { schema?: string; exact?: boolean } = {},
): Check {
  const { schema } = options
  return {
    title: schema === undefined ? 'tables on the search_path' : `tables in ${schema}`,
    run(model) {
      const tables =
        schema === undefined ? visible(model, model.tables) : model.tables.filter(inSchema(schema))
      const details = missingExtra(
        tables.map((t) => t.name),
        names,
        options.exact ?? true,
      )
      const title =
        schema === undefined
          ? `tables on the search_path (${searchPathOf(model).join(', ')})`
          : `tables in ${schema}`
      return details.length === 0 ? null : { title, details }
    },
  }
}

export function viewsAreCheck(
  names: readonly string[],
  options: { schema?: string; materialized?: boolean } = {},
): Check {
  const schema = options.schema ?? 'public'
  const what = options.materialized === true ? 'materialized views' : 'views'
  return {
    title: `${what} in ${schema}`,
    run(model) {
      const have = model.views
        .filter((v) => v.schema === schema && v.materialized === (options.materialized === true))
        .map((v) => v.name)
      const details = missingExtra(have, names, true)
      return details.length === 0 ? null : { title: `${what} in ${schema}`, details }
    },
  }
}

export function schemasAreCheck(names: readonly string[]): Check {
  return {
    title: 'schemas',
    run(model) {
      const details = missingExtra(
        model.schemas.map((s) => s.name),
        names,
        true,
      )
      return details.length === 0 ? null : { title: 'schemas', details }
    },
  }
}

/** An enum with exactly these labels, in this order (pgTAP `enum_has_labels`). */
export function enumCheck(name: string, labels: readonly string[]): Check {
  return {
    title: `enum ${name}`,
    run(model) {
      const found = resolveNamed(
        model,
        model.types.filter((t) => t.kind === 'enum'),
        name,
        'enum',
      )
      if (isProblem(found)) return found
      const same = found.labels.length === labels.length && found.labels.every((l, i) => l === labels[i])
      return same ? null : { title: `enum ${qualified(found)}`, details: haveWant(found.labels, labels) }
    },
  }
}

/** What a function should look like; `arguments` picks an overload (`integer, text`). */
export interface FunctionSpec {
  readonly arguments?: string
  readonly returns?: string
  readonly language?: string
  readonly volatility?: Routine['volatility']
  readonly securityDefiner?: boolean
  readonly strict?: boolean
  readonly kind?: Routine['routineKind']
}

const splitArgs = (args: string) =>
  args
    .split(',')
    .map((a) => a.trim().replace(/^(IN|OUT|INOUT|VARIADIC)\s+/i, ''))
    .filter((a) => a !== '')

/**
 * Whether an overload's arguments (`a integer, b text`, as PostgreSQL prints them, names
 * included when declared) match the wanted ones, written with or without names.
 */
export function sameArguments(have: string, want: string): boolean {
  const h = splitArgs(have)
  const w = splitArgs(want)
  return (
    h.length === w.length &&
    h.every((arg, i) => {
      const wanted = normalizeType(w[i] ?? '')
      const withoutName = arg.includes(' ') ? arg.slice(arg.indexOf(' ') + 1) : arg
      return normalizeType(arg) === wanted || normalizeType(withoutName) === wanted
    })
  )
}

/** Overloads of `name` (`fn` along the search_path, first schema that has one; or `app.fn`). */
export function functionsNamed(model: SchemaModel, name: string): Routine[] {
  const parts = splitQualified(name)
  const fn = parts.at(-1) ?? name
  const named = model.functions.filter((f) => sameIdentifier(f.name, fn))
  if (parts.length > 1) return named.filter((f) => sameIdentifier(f.schema, parts.at(-2) ?? ''))
  for (const schema of searchPathOf(model)) {
    const here = named.filter((f) => f.schema === schema)
    if (here.length > 0) return here
  }
  return []
}

export function functionCheck(name: string, spec: FunctionSpec = {}): Check {
  const label = spec.arguments === undefined ? name : `${name}(${spec.arguments})`
  return {
    title: `function ${label}`,
    run(model) {
      const candidates = functionsNamed(model, name)
      const found =
        spec.arguments === undefined
          ? candidates[0]
          : candidates.find((f) => sameArguments(f.arguments, spec.arguments ?? ''))
      if (found === undefined) {
        const have = candidates.map((f) => f.signature)
        if (have.length === 0) {
          const missing = resolveNamed(model, model.functions, name, 'function')
          if (isProblem(missing)) return { title: `function ${label}`, details: missing.details }
        }
        return {
          title: `function ${label}`,
          details: haveWant(have.length === 0 ? 'no such function' : have.join('; '), label),
        }
      }
      const details: string[] = []
      const compare = (field: string, have: unknown, want: unknown) => {
        if (want !== undefined && have !== want)
          details.push(field, ...haveWant(have, want).map((l) => `  ${l}`))
      }
      compare(
        'returns',
        found.returns === null ? null : normalizeType(found.returns),
        spec.returns && normalizeType(spec.returns),
      )
      compare('language', found.language, spec.language)
      compare('volatility', found.volatility, spec.volatility)
      compare('securityDefiner', found.securityDefiner, spec.securityDefiner)
      compare('strict', found.strict, spec.strict)
      compare('kind', found.routineKind, spec.kind)
      return details.length === 0 ? null : { title: `function ${found.schema}.${found.signature}`, details }
    },
  }
}

export function extensionCheck(name: string, version?: string): Check {
  return {
    title: `extension ${name}`,
    run(model) {
      const found = model.extensions.find((e) => e.name === name)
      if (found === undefined) {
        return {
          title: `extension ${name}`,
          details: haveWant(model.extensions.map((e) => e.name).join(', '), name),
        }
      }
      return version === undefined || found.version === version
        ? null
        : { title: `extension ${name}`, details: ['version', ...haveWant(found.version, version)] }
    },
  }
}

export function sequenceCheck(name: string): Check {
  return {
    title: `sequence ${name}`,
    run(model) {
      const found = resolveNamed(model, model.sequences, name, 'sequence')
      return isProblem(found) ? found : null
    },
  }
}

/** No `NOT VALID` constraint left unvalidated and no invalid index (a failed CONCURRENTLY build). */
export function allValidCheck(): Check {
  return {
    title: 'constraints and indexes valid',
    run(model) {
      const details: string[] = []
      for (const t of model.tables) {
        for (const c of [...t.foreignKeys, ...t.checks]) {
          if (!c.validated) details.push(`NOT VALID constraint ${qualified(t)}.${c.name}`)
        }
        for (const i of t.indexes) if (!i.valid) details.push(`invalid index ${qualified(t)}.${i.name}`)
      }
      return details.length === 0 ? null : { title: 'constraints and indexes valid', details }
    },
  }
}

/** Every ordinary or partitioned table has a primary key (partitions inherit the parent's). */
export function everyTableHasPrimaryKeyCheck(options: { except?: readonly string[] } = {}): Check {
  return {
    title: 'every table has a primary key',
    run(model) {
      const except = new Set(options.except ?? [])
      const missing = model.tables
        .filter((t) => t.tableKind !== 'foreign' && t.primaryKey === null)
        .filter((t) => !except.has(t.name) && !except.has(qualified(t)))
        .map(qualified)
      return missing.length === 0
        ? null
        : {
            title: 'every table has a primary key',
            details: ['Missing a primary key:', ...missing.map((m) => `    ${m}`)],
          }
    },
  }
}

/** The schema equals a snapshot (file path, snapshot text or model), under diff options. */
export function matchesSnapshotCheck(snapshot: string | SchemaModel, options: DiffOptions = {}): Check {
  return {
    title: 'matches snapshot',
    run(model) {
      const expected = typeof snapshot === 'string' ? readSnapshot(snapshot) : snapshot
      const changes = diffSchemas(expected, model, options)
      return changes.length === 0
        ? null
        : {
            title: `matches snapshot${typeof snapshot === 'string' && !snapshot.trimStart().startsWith('{') ? ` ${snapshot}` : ''}`,
            details: changes.map((c) => `${c.risk}: ${c.message}`),
          }
    },
  }
}
