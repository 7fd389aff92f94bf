/**
 * The parts of a table in the schema model: columns, keys, constraints, indexes, triggers and
 * policies. Re-exported by `model.ts`.
 * @module
 */

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

/** A table's primary key. */
export interface PrimaryKey {
  readonly kind: 'primary-key'
  readonly name: string
  readonly columns: readonly string[]
  readonly deferrable: Deferrable
  readonly comment: string | null
}

/** A UNIQUE constraint. */
export interface UniqueConstraint {
  readonly kind: 'unique'
  readonly name: string
  readonly columns: readonly string[]
  readonly nullsNotDistinct: boolean
  readonly deferrable: Deferrable
  readonly comment: string | null
}

/** A foreign key with its actions and deferrability. */
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

/** A CHECK constraint, its expression as PostgreSQL prints it. */
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

/** An EXCLUDE constraint. */
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

/** An index: method, elements, INCLUDE columns, predicate, backing constraint. */
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
  /** Present (true) when the table was `CLUSTER`ed on this index; absent otherwise. */
  readonly clustered?: true
}

/** An event that fires a trigger. */
export type TriggerEvent = 'insert' | 'update' | 'delete' | 'truncate'

/** A trigger on a table. */
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

/** A row-level security policy. */
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
