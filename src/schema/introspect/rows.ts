/**
 * Row shapes of the catalog queries in `queries.ts`, as `pg` returns them.
 * @module
 */

export interface AclRow {
  readonly owner: string
  readonly acl: string[] | null
}

export interface SchemaRow extends AclRow {
  readonly name: string
  readonly comment: string | null
  /** The connection's effective search_path (`current_schemas(false)`), the same on every row. */
  readonly search_path: string[]
}

export interface RelationRow extends AclRow {
  readonly schema: string
  readonly name: string
  readonly relkind: 'r' | 'p' | 'f' | 'v' | 'm'
  readonly persistence: 'p' | 'u' | 't'
  readonly rls: boolean
  readonly rls_forced: boolean
  readonly comment: string | null
  readonly partition_key: string | null
  readonly partition_bound: string | null
  readonly is_partition: boolean
  readonly parents: string[]
  readonly definition: string | null
}

export interface ColumnRow {
  readonly schema: string
  readonly relation: string
  readonly name: string
  readonly num: number
  readonly type: string
  readonly not_null: boolean
  readonly default_expr: string | null
  readonly identity: '' | 'a' | 'd'
  readonly generated: '' | 's' | 'v'
  readonly collation: string | null
  readonly comment: string | null
}

export interface ConstraintRow {
  readonly schema: string
  readonly relation: string
  readonly name: string
  readonly type: 'p' | 'u' | 'f' | 'c' | 'x'
  /** Only for exclusion constraints. */
  readonly definition: string | null
  readonly expression: string | null
  readonly columns: string[]
  readonly referenced: string | null
  readonly referenced_columns: string[]
  readonly on_delete: string
  readonly on_update: string
  readonly match: string
  readonly deferrable: boolean
  readonly deferred: boolean
  readonly validated: boolean
  readonly no_inherit: boolean
  readonly nulls_not_distinct: boolean | null
  readonly comment: string | null
}

export interface IndexRow {
  readonly schema: string
  readonly relation: string
  readonly name: string
  readonly method: string
  readonly unique: boolean
  readonly primary: boolean
  readonly valid: boolean
  readonly clustered: boolean
  readonly nulls_not_distinct: boolean
  readonly key_count: number
  readonly elements: string[]
  readonly is_expression: boolean[]
  readonly options: number[]
  readonly predicate: string | null
  readonly definition: string
  readonly constraint_name: string | null
  readonly comment: string | null
}

export interface SequenceRow extends AclRow {
  readonly schema: string
  readonly name: string
  readonly data_type: string
  readonly start: string
  readonly increment: string
  readonly min: string
  readonly max: string
  readonly cache: string
  readonly cycle: boolean
  readonly owned_by: string | null
  readonly comment: string | null
}

export interface TypeRow {
  readonly schema: string
  readonly name: string
  readonly type: 'e' | 'd' | 'c' | 'r'
  readonly labels: string[] | null
  readonly base_type: string | null
  readonly not_null: boolean
  readonly default_expr: string | null
  readonly checks: { name: string; expression: string }[] | null
  readonly attributes: { name: string; type: string }[] | null
  readonly subtype: string | null
  readonly comment: string | null
}

export interface FunctionRow extends AclRow {
  readonly schema: string
  readonly name: string
  readonly arguments: string
  readonly returns: string | null
  readonly routine_kind: 'f' | 'p' | 'a' | 'w'
  readonly language: string
  readonly volatility: 'i' | 's' | 'v'
  readonly strict: boolean
  readonly security_definer: boolean
  readonly body_hash: string
  readonly comment: string | null
}

export interface TriggerRow {
  readonly schema: string
  readonly relation: string
  readonly name: string
  readonly type: number
  readonly enabled: 'O' | 'D' | 'R' | 'A'
  readonly function: string
  readonly definition: string
  readonly comment: string | null
}

export interface PolicyRow {
  readonly schema: string
  readonly relation: string
  readonly name: string
  readonly command: '*' | 'r' | 'a' | 'w' | 'd'
  readonly permissive: boolean
  readonly roles: string[]
  readonly using_expr: string | null
  readonly with_check: string | null
  readonly comment: string | null
}

export interface ExtensionRow {
  readonly name: string
  readonly schema: string
  readonly version: string
}

/** Every query's rows, keyed by what they describe. */
export interface CatalogRows {
  readonly schemas: readonly SchemaRow[]
  readonly relations: readonly RelationRow[]
  readonly columns: readonly ColumnRow[]
  readonly constraints: readonly ConstraintRow[]
  readonly indexes: readonly IndexRow[]
  readonly sequences: readonly SequenceRow[]
  readonly types: readonly TypeRow[]
  readonly functions: readonly FunctionRow[]
  readonly triggers: readonly TriggerRow[]
  readonly policies: readonly PolicyRow[]
  readonly extensions: readonly ExtensionRow[]
}
