/**
 * The normalized schema model: plain, frozen data tagged with `kind`. Every object is named by
 * schema + name (never an OID); lists are sorted by name so two introspections of equal schemas
 * are deep-equal and their snapshots byte-identical.
 * @module
 */

import type { AccessModel } from './access-model.js'
import type {
  CheckConstraint,
  Column,
  ExclusionConstraint,
  ForeignKey,
  Index,
  Policy,
  PrimaryKey,
  Trigger,
  UniqueConstraint,
} from './model-parts.js'

export type * from './access-model.js'
export type * from './model-parts.js'

/**
 * The format version written into snapshots; bumped when the model changes shape.
 *
 * @example
 * if (JSON.parse(text).version !== MODEL_VERSION) console.warn('regenerate the snapshot')
 */
export const MODEL_VERSION = 1

/** A whole database schema: what `introspect()` returns and a snapshot file holds. */
export interface SchemaModel {
  readonly kind: 'schema-model'
  readonly version: typeof MODEL_VERSION
  /** Schemas that were introspected (e.g. `['public']`), sorted. */
  readonly schemas: readonly SchemaInfo[]
  readonly extensions: readonly Extension[]
  readonly tables: readonly Table[]
  readonly views: readonly View[]
  readonly sequences: readonly Sequence[]
  readonly types: readonly TypeDef[]
  readonly functions: readonly Routine[]
  /**
   * The connection's search_path at introspection (`current_schemas(false)`), used to resolve
   * unqualified names as PostgreSQL does. Not enumerable: it is not part of snapshots or of deep
   * equality; absent on models read from snapshots (then `public` is the path).
   */
  readonly searchPath?: readonly string[]
  /** Roles, effective privileges and owners, only with `introspect(db, { include: [...] })`. */
  readonly access?: AccessModel
}

/** Optional ownership and privileges, only filled with `introspect(db, { privileges: true })`. */
export interface Privileges {
  readonly owner?: string
  /** ACL items as PostgreSQL prints them, e.g. `app_user=arwd/postgres`, sorted. */
  readonly grants?: readonly string[]
}

/** A schema (namespace). */
export interface SchemaInfo extends Privileges {
  readonly kind: 'schema'
  readonly name: string
  readonly comment: string | null
}

/** An installed extension. */
export interface Extension {
  readonly kind: 'extension'
  readonly name: string
  readonly schema: string
  readonly version: string
}

/** `range`, `list` or `hash` partitioning, with the key as PostgreSQL prints it. */
export interface Partitioning {
  readonly strategy: 'range' | 'list' | 'hash'
  /** e.g. `created_at` or `lower(name), id` */
  readonly key: string
}

/** A table (ordinary, partitioned or foreign) with its columns, constraints, indexes, triggers and policies. */
export interface Table extends Privileges {
  readonly kind: 'table'
  readonly schema: string
  readonly name: string
  /** `partitioned` for a partitioned parent, `foreign` for a foreign table. */
  readonly tableKind: 'ordinary' | 'partitioned' | 'foreign'
  readonly persistence: 'permanent' | 'unlogged'
  readonly comment: string | null
  readonly columns: readonly Column[]
  readonly primaryKey: PrimaryKey | null
  readonly uniques: readonly UniqueConstraint[]
  readonly foreignKeys: readonly ForeignKey[]
  readonly checks: readonly CheckConstraint[]
  readonly exclusions: readonly ExclusionConstraint[]
  readonly indexes: readonly Index[]
  readonly triggers: readonly Trigger[]
  readonly policies: readonly Policy[]
  readonly rowLevelSecurity: { readonly enabled: boolean; readonly forced: boolean }
  /** Set on partitioned parents. */
  readonly partitioning: Partitioning | null
  /** Set on partitions: the parent (`schema.name`) and the bound as PostgreSQL prints it. */
  readonly partitionOf: { readonly parent: string; readonly bound: string } | null
  /** Parents through plain (non-partition) inheritance, `schema.name`, in inheritance order. */
  readonly inherits: readonly string[]
}

/** A view, plain or materialized. */
export interface View extends Privileges {
  readonly kind: 'view'
  readonly schema: string
  readonly name: string
  readonly materialized: boolean
  /** The query as `pg_get_viewdef` prints it. */
  readonly definition: string
  readonly columns: readonly Column[]
  /** Indexes (materialized views only). */
  readonly indexes: readonly Index[]
  /** `INSTEAD OF` triggers (plain views only). */
  readonly triggers: readonly Trigger[]
  readonly comment: string | null
}

/** A sequence; an identity sequence belongs to its column. */
export interface Sequence extends Privileges {
  readonly kind: 'sequence'
  readonly schema: string
  readonly name: string
  readonly dataType: string
  readonly start: string
  readonly increment: string
  readonly min: string
  readonly max: string
  readonly cache: string
  readonly cycle: boolean
  /** `schema.table.column` for a `serial`/`OWNED BY` sequence. */
  readonly ownedBy: string | null
  readonly comment: string | null
}

/** An enum type, labels in order. */
export interface EnumType {
  readonly kind: 'enum'
  readonly schema: string
  readonly name: string
  /** Labels in sort order. */
  readonly labels: readonly string[]
  readonly comment: string | null
}

/** A domain: a base type with NOT NULL, default and checks. */
export interface DomainType {
  readonly kind: 'domain'
  readonly schema: string
  readonly name: string
  readonly baseType: string
  readonly nullable: boolean
  readonly default: string | null
  readonly checks: readonly { readonly name: string; readonly expression: string }[]
  readonly comment: string | null
}

/** A composite (row) type. */
export interface CompositeType {
  readonly kind: 'composite'
  readonly schema: string
  readonly name: string
  readonly attributes: readonly { readonly name: string; readonly type: string }[]
  readonly comment: string | null
}

/** A range type. */
export interface RangeType {
  readonly kind: 'range'
  readonly schema: string
  readonly name: string
  readonly subtype: string
  readonly comment: string | null
}

/** Enums, domains, composite and range types. */
export type TypeDef = EnumType | DomainType | CompositeType | RangeType

/** A function, procedure, aggregate or window function. */
export interface Routine extends Privileges {
  readonly kind: 'function'
  readonly schema: string
  readonly name: string
  /** Identity arguments, e.g. `a integer, b text`; with the name it identifies the routine. */
  readonly arguments: string
  /** `name(arguments)`: the signature that identifies an overload. */
  readonly signature: string
  /** e.g. `trigger`, `integer`, `SETOF record`; null for procedures. */
  readonly returns: string | null
  readonly routineKind: 'function' | 'procedure' | 'aggregate' | 'window'
  readonly language: string
  readonly volatility: 'immutable' | 'stable' | 'volatile'
  readonly strict: boolean
  readonly securityDefiner: boolean
  /** md5 of the body, so a changed body shows up without storing it. */
  readonly bodyHash: string
  readonly comment: string | null
}

/** Every object kind the model holds, for narrowing `kind`. */
export type SchemaObject =
  | SchemaInfo
  | Extension
  | Table
  | Column
  | PrimaryKey
  | UniqueConstraint
  | ForeignKey
  | CheckConstraint
  | ExclusionConstraint
  | Index
  | Trigger
  | Policy
  | View
  | Sequence
  | TypeDef
  | Routine

/**
 * `schema.name` of a table, view, sequence or type.
 *
 * @example
 * model.tables.map(qualifiedName) // ['public.tb_query', 'public.tb_run']
 */
export function qualifiedName(object: { readonly schema: string; readonly name: string }): string {
  return `${object.schema}.${object.name}`
}
