/**
 * Builds the frozen, sorted `SchemaModel` out of the rows of every catalog query.
 * @module
 */
import { deepFreeze, groupBy, sortBy, sortByName } from '../freeze.js'
import {
  type AccessModel,
  MODEL_VERSION,
  type Privileges,
  type Routine,
  type SchemaModel,
  type Sequence,
  type Table,
  type TypeDef,
  type View,
} from '../model.js'
import type { AclRow, CatalogRows, RelationRow, TypeRow } from './rows.js'
import { toColumns, toConstraints, toIndex, toPolicy, toTrigger } from './table-parts.js'

const PARTITION_STRATEGIES: Record<string, 'range' | 'list' | 'hash'> = {
  RANGE: 'range',
  LIST: 'list',
  HASH: 'hash',
}

/** Assembles the model; `privileges` adds owners and grants (they differ between environments). */
export function assembleModel(
  rows: CatalogRows,
  options: { privileges: boolean; access?: AccessModel | undefined },
): SchemaModel {
  const key = (r: { schema: string; relation: string }) => `${r.schema}.${r.relation}`
  const columns = groupBy(rows.columns, key)
  const constraints = groupBy(rows.constraints, key)
  const indexes = groupBy(rows.indexes, key)
  const triggers = groupBy(rows.triggers, key)
  const policies = groupBy(rows.policies, key)
  const privileges = (row: AclRow): Privileges =>
    options.privileges ? { owner: row.owner, grants: sortBy(row.acl ?? [], (a) => a) } : {}

  const tables: Table[] = []
  const views: View[] = []
  for (const rel of rows.relations) {
    const id = `${rel.schema}.${rel.name}`
    const relIndexes = sortByName((indexes.get(id) ?? []).map(toIndex))
    if (rel.relkind === 'v' || rel.relkind === 'm') {
      views.push({
        kind: 'view',
        schema: rel.schema,
        name: rel.name,
        materialized: rel.relkind === 'm',
        definition: rel.definition ?? '',
        columns: toColumns(columns.get(id) ?? []),
        indexes: relIndexes,
        triggers: sortByName((triggers.get(id) ?? []).map(toTrigger)),
        comment: rel.comment,
        ...privileges(rel),
      })
      continue
    }
    const parts = toConstraints(constraints.get(id) ?? [])
    tables.push({
      kind: 'table',
      schema: rel.schema,
      name: rel.name,
      tableKind: rel.relkind === 'p' ? 'partitioned' : rel.relkind === 'f' ? 'foreign' : 'ordinary',
      persistence: rel.persistence === 'u' ? 'unlogged' : 'permanent',
      comment: rel.comment,
      columns: toColumns(columns.get(id) ?? []),
      primaryKey: parts.primaryKey,
      uniques: sortByName(parts.uniques),
      foreignKeys: sortByName(parts.foreignKeys),
      checks: sortByName(parts.checks),
      exclusions: sortByName(parts.exclusions),
      indexes: relIndexes,
      triggers: sortByName((triggers.get(id) ?? []).map(toTrigger)),
      policies: sortByName((policies.get(id) ?? []).map(toPolicy)),
      rowLevelSecurity: { enabled: rel.rls, forced: rel.rls_forced },
      partitioning: partitioning(rel),
      partitionOf:
        rel.is_partition && rel.parents[0] !== undefined
          ? { parent: rel.parents[0], bound: rel.partition_bound ?? '' }
          : null,
      inherits: rel.is_partition ? [] : rel.parents,
      ...privileges(rel),
    })
  }

  const sequences: Sequence[] = rows.sequences.map((s) => ({
    kind: 'sequence',
    schema: s.schema,
    name: s.name,
    dataType: s.data_type,
    start: s.start,
    increment: s.increment,
    min: s.min,
    max: s.max,
    cache: s.cache,
    cycle: s.cycle,
    ownedBy: s.owned_by,
    comment: s.comment,
    ...privileges(s),
  }))

  const functions: Routine[] = rows.functions.map((f) => ({
    kind: 'function',
    schema: f.schema,
    name: f.name,
    arguments: f.arguments,
    signature: `${f.name}(${f.arguments})`,
    returns: f.returns,
    routineKind:
      f.routine_kind === 'p'
        ? 'procedure'
        : f.routine_kind === 'a'
          ? 'aggregate'
          : f.routine_kind === 'w'
            ? 'window'
            : 'function',
    language: f.language,
    volatility: f.volatility === 'i' ? 'immutable' : f.volatility === 's' ? 'stable' : 'volatile',
    strict: f.strict,
    securityDefiner: f.security_definer,
    bodyHash: f.body_hash,
    comment: f.comment,
    ...privileges(f),
  }))

  const model: SchemaModel = {
    kind: 'schema-model',
    version: MODEL_VERSION,
    schemas: sortByName(
      rows.schemas.map((s) => ({ kind: 'schema', name: s.name, comment: s.comment, ...privileges(s) })),
    ),
    // extension names are unique per database: sort by name alone
    extensions: sortBy(
      rows.extensions.map((e) => ({ kind: 'extension', name: e.name, schema: e.schema, version: e.version })),
      (e) => e.name,
    ),
    tables: sortByName(tables),
    views: sortByName(views),
    sequences: sortByName(sequences),
    types: sortByName(rows.types.map(toType)),
    functions: sortBy(functions, (f) => `${f.schema}\u0000${f.signature}`),
    ...(options.access === undefined ? {} : { access: options.access }),
  }
  const searchPath = rows.schemas[0]?.search_path
  if (searchPath !== undefined) {
    Object.defineProperty(model, 'searchPath', { value: Object.freeze([...searchPath]), enumerable: false })
  }
  return deepFreeze(model)
}

function partitioning(rel: RelationRow): Table['partitioning'] {
  if (rel.partition_key === null) return null
  // pg_get_partkeydef prints e.g. "RANGE (created_at)"
  const match = /^(\w+) \((.*)\)$/s.exec(rel.partition_key)
  const strategy = PARTITION_STRATEGIES[match?.[1] ?? '']
  if (match === null || strategy === undefined) return { strategy: 'range', key: rel.partition_key }
  return { strategy, key: match[2] ?? '' }
}

function toType(row: TypeRow): TypeDef {
  const common = { schema: row.schema, name: row.name, comment: row.comment }
  switch (row.type) {
    case 'e':
      return { kind: 'enum', ...common, labels: row.labels ?? [] }
    case 'd':
      return {
        kind: 'domain',
        ...common,
        baseType: row.base_type ?? '',
        nullable: !row.not_null,
        default: row.default_expr,
        checks: (row.checks ?? []).map((c) => ({
          name: c.name,
          expression: c.expression.replace(/^CHECK /, ''),
        })),
      }
    case 'c':
      return { kind: 'composite', ...common, attributes: row.attributes ?? [] }
    default:
      return { kind: 'range', ...common, subtype: row.subtype ?? '' }
  }
}
