/**
 * Roles, effective privileges and owners: optional parts of the model, read only with
 * `introspect(db, { include: ['roles', 'privileges'] })`. Re-exported by `model.ts`.
 * @module
 */

export interface Role {
  readonly kind: 'role'
  readonly name: string
  readonly superuser: boolean
  /** Can log in (a "user" in pgTAP's words). */
  readonly login: boolean
  readonly inherit: boolean
  readonly createRole: boolean
  readonly createDb: boolean
  /** Roles it is a direct member of, sorted. */
  readonly memberOf: readonly string[]
}

/** Objects privileges are read on. */
export type PrivilegeObject = 'table' | 'column' | 'sequence' | 'function' | 'schema' | 'database'

/** A role's effective privileges on one object (only rows with at least one privilege are kept). */
export interface ObjectPrivileges {
  readonly kind: 'privileges'
  readonly object: PrivilegeObject
  /** Empty for schemas and the database. */
  readonly schema: string
  /** Table, sequence, function, schema or database name (the table of a column). */
  readonly name: string
  /** The column (column privileges) or the identity arguments (functions); null otherwise. */
  readonly detail: string | null
  readonly role: string
  /** Upper case, as pgTAP names them: `SELECT`, `INSERT`, `EXECUTE`, `USAGE`, … sorted. */
  readonly privileges: readonly string[]
}

/** Object kinds with an owner (pgTAP's `*_owner_is`). */
export type OwnedObject =
  | 'database'
  | 'tablespace'
  | 'language'
  | 'schema'
  | 'table'
  | 'view'
  | 'materialized view'
  | 'sequence'
  | 'foreign table'
  | 'composite'
  | 'index'
  | 'function'
  | 'type'
  | 'enum'
  | 'domain'
  | 'range'
  | 'operator class'

export interface Ownership {
  readonly kind: 'owner'
  readonly object: OwnedObject
  readonly schema: string
  readonly name: string
  /** Identity arguments of a function, access method of an operator class; null otherwise. */
  readonly detail: string | null
  readonly owner: string
}

/** What `include: ['roles']` and `include: ['privileges']` add to the model. */
export interface AccessModel {
  /** With `include: ['roles']`. */
  readonly roles?: readonly Role[]
  /** With `include: ['privileges']`. */
  readonly privileges?: readonly ObjectPrivileges[]
  /** With `include: ['privileges']`. */
  readonly owners?: readonly Ownership[]
}
