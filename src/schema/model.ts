/**
 * The normalized schema model: plain, frozen data tagged with `kind`. Every object is named by
 * schema + name (never an OID); lists are sorted by name so two introspections of equal schemas
 * are deep-equal and their snapshots byte-identical.
 * @module
 */

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
}

/** Optional ownership and privileges, only filled with `introspect(db, { privileges: true })`. */
export interface Privileges {
  readonly owner?: string
  /** ACL items as PostgreSQL prints them, e.g. `app_user=arwd/postgres`, sorted. */
  readonly grants?: readonly string[]
}

export interface SchemaInfo extends Privileges {
  readonly kind: 'schema'
  readonly name: string
  readonly comment: string | null
}

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

export interface Column {
  readonly kind: 'column'
  readonly name: string
  /** 1-based position among the live columns (dropped columns leave no gap). */
  readonly position: number
  /** Type with modifiers as `format_type` prints it: `character varying(64)`, `numeric(12,2)`, `text[]`. */
  readonly type: string
  readonly nullable: boolean
  /** Default expression, e.g. `now()`; null for none and for generated columns. */
  readonly default: string | null
  readonly identity: 'always' | 'by-default' | null
  /** Generation expression of a `GENERATED ALWAYS AS (…) STORED` column. */
  readonly generated: string | null
  /** Collation when it differs from the type's default. */
  readonly collation: string | null
  readonly comment: string | null
}

/** Deferrability of a constraint. */
export type Deferrable = 'not-deferrable' | 'deferrable-immediate' | 'deferrable-deferred'

/** `ON DELETE` / `ON UPDATE` actions of a foreign key. */
export type ForeignKeyAction = 'no-action' | 'restrict' | 'cascade' | 'set-null' | 'set-default'

export interface PrimaryKey {
  readonly kind: 'primary-key'
  readonly name: string
  readonly columns: readonly string[]
  readonly deferrable: Deferrable
  readonly comment: string | null
}

export interface UniqueConstraint {
  readonly kind: 'unique'
  readonly name: string
  readonly columns: readonly string[]
  readonly nullsNotDistinct: boolean
  readonly deferrable: Deferrable
  readonly comment: string | null
}

export interface ForeignKey {
  readonly kind: 'foreign-key'
  readonly name: string
  readonly columns: readonly string[]
  /** Referenced table, `schema.name`. */
  readonly references: string
  readonly referencedColumns: readonly string[]
  readonly onDelete: ForeignKeyAction
  readonly onUpdate: ForeignKeyAction
  readonly match: 'simple' | 'full' | 'partial'
  readonly deferrable: Deferrable
  /** False for a `NOT VALID` constraint not validated yet. */
  readonly validated: boolean
  readonly comment: string | null
}

export interface CheckConstraint {
  readonly kind: 'check'
  readonly name: string
  /** The boolean expression as PostgreSQL prints it, without `CHECK (…)`, e.g. `(price > 0)`. */
  readonly expression: string
  readonly columns: readonly string[]
  readonly validated: boolean
  readonly noInherit: boolean
  readonly comment: string | null
}

export interface ExclusionConstraint {
  readonly kind: 'exclusion'
  readonly name: string
  /** Full definition, e.g. `EXCLUDE USING gist (room WITH =, during WITH &&)`. */
  readonly definition: string
  readonly deferrable: Deferrable
  readonly comment: string | null
}

/** One key or INCLUDE column of an index: a column name or an expression. */
export interface IndexElement {
  /** Column name, or the expression as PostgreSQL prints it, e.g. `lower(email)`. */
  readonly expression: string
  readonly isExpression: boolean
  readonly descending: boolean
  readonly nullsFirst: boolean
}

export interface Index {
  readonly kind: 'index'
  readonly name: string
  /** Access method: `btree`, `gin`, `gist`, `brin`, `hash`, `spgist`, … */
  readonly method: string
  readonly unique: boolean
  readonly primary: boolean
  readonly nullsNotDistinct: boolean
  readonly elements: readonly IndexElement[]
  readonly include: readonly string[]
  /** Partial index predicate, e.g. `(deleted_at IS NULL)`; null for a full index. */
  readonly predicate: string | null
  /** The constraint this index backs (primary key, unique, exclusion), if any. */
  readonly constraint: string | null
  readonly valid: boolean
  /** `CREATE INDEX …` as PostgreSQL prints it. */
  readonly definition: string
  readonly comment: string | null
}

export type TriggerEvent = 'insert' | 'update' | 'delete' | 'truncate'

export interface Trigger {
  readonly kind: 'trigger'
  readonly name: string
  readonly timing: 'before' | 'after' | 'instead-of'
  readonly events: readonly TriggerEvent[]
  readonly level: 'row' | 'statement'
  /** The trigger function, `schema.name`. */
  readonly function: string
  /** `O` origin (enabled), `D` disabled, `R` replica, `A` always. */
  readonly enabled: 'origin' | 'disabled' | 'replica' | 'always'
  /** `CREATE TRIGGER …` as PostgreSQL prints it. */
  readonly definition: string
  readonly comment: string | null
}

export interface Policy {
  readonly kind: 'policy'
  readonly name: string
  readonly command: 'all' | 'select' | 'insert' | 'update' | 'delete'
  readonly permissive: boolean
  /** Role names, sorted; `public` for everyone. */
  readonly roles: readonly string[]
  readonly using: string | null
  readonly withCheck: string | null
  readonly comment: string | null
}

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

export interface EnumType {
  readonly kind: 'enum'
  readonly schema: string
  readonly name: string
  /** Labels in sort order. */
  readonly labels: readonly string[]
  readonly comment: string | null
}

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

export interface CompositeType {
  readonly kind: 'composite'
  readonly schema: string
  readonly name: string
  readonly attributes: readonly { readonly name: string; readonly type: string }[]
  readonly comment: string | null
}

export interface RangeType {
  readonly kind: 'range'
  readonly schema: string
  readonly name: string
  readonly subtype: string
  readonly comment: string | null
}

/** Enums, domains, composite and range types. */
export type TypeDef = EnumType | DomainType | CompositeType | RangeType

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
