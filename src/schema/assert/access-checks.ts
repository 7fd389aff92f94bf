/**
 * Checks on roles, privileges and owners (pgTAP `has_role`, `is_superuser`, `has_user`,
 * `is_member_of`, `*_privs_are`, `*_owner_is`); they need `include: ['roles']` /
 * `include: ['privileges']` at introspection.
 * @module
 */
import type { ObjectPrivileges, OwnedObject, Ownership, PrivilegeObject, SchemaModel } from '../model.js'
import type { Problem } from './format.js'
import { haveWant, missingExtra } from './format.js'
import { sameIdentifier } from './identifiers.js'
import { type Check, isProblem, resolveNamed } from './resolve.js'
import { sameArguments } from './schema-checks.js'

const needs = (what: 'roles' | 'privileges', title: string): Problem => ({
  title,
  details: [`introspected without ${what}: use expectSchema(db, { include: ['${what}'] })`],
})

/** What a role should be; only the given fields are checked. */
export interface RoleSpec {
  readonly superuser?: boolean
  /** Can log in (pgTAP `has_user`). */
  readonly login?: boolean
  readonly inherit?: boolean
  readonly createRole?: boolean
  readonly createDb?: boolean
  /** A direct member of each of these roles, as pgTAP's `is_member_of` reads `pg_auth_members`. */
  readonly memberOf?: readonly string[]
}

export function roleCheck(name: string, spec: RoleSpec = {}): Check {
  const title = `role ${name}`
  return {
    title,
    locate: () => title,
    run(model) {
      const roles = model.access?.roles
      if (roles === undefined) return needs('roles', title)
      const role = roles.find((r) => sameIdentifier(r.name, name))
      if (role === undefined) return { title, details: ['Missing: the role does not exist'] }
      const details: string[] = []
      const compare = (field: string, have: boolean, want: boolean | undefined) => {
        if (want !== undefined && have !== want)
          details.push(field, ...haveWant(have, want).map((l) => `  ${l}`))
      }
      compare('superuser', role.superuser, spec.superuser)
      compare('login', role.login, spec.login)
      compare('inherit', role.inherit, spec.inherit)
      compare('createRole', role.createRole, spec.createRole)
      compare('createDb', role.createDb, spec.createDb)
      if (spec.memberOf !== undefined) {
        const missing = spec.memberOf.filter((g) => !role.memberOf.some((m) => sameIdentifier(m, g)))
        if (missing.length > 0) details.push('Missing memberships:', ...missing.map((m) => `    ${m}`))
      }
      return details.length === 0 ? null : { title, details }
    },
  }
}

/** Exactly these roles (the predefined `pg_*` roles are left out; pgTAP `roles_are`). */
export function rolesAreCheck(names: readonly string[]): Check {
  return {
    title: 'roles are',
    run(model) {
      const roles = model.access?.roles
      if (roles === undefined) return needs('roles', 'roles are')
      const details = missingExtra(
        roles.map((r) => r.name),
        names,
        true,
      )
      return details.length === 0 ? null : { title: 'roles are', details }
    },
  }
}

/** What privileges are about: `{ table }`, `{ table, column }`, `{ sequence }`, `{ function }` (`add` or `add(integer, integer)`), `{ schema }`, `{ database }`. */
export type PrivilegeTarget =
  | { readonly table: string; readonly column?: string }
  | { readonly sequence: string }
  | { readonly function: string }
  | { readonly schema: string }
  | { readonly database?: string }

function targetOf(target: PrivilegeTarget): {
  object: PrivilegeObject
  name: string | undefined
  detail?: string
} {
  if ('table' in target)
    return target.column === undefined
      ? { object: 'table', name: target.table }
      : { object: 'column', name: target.table, detail: target.column }
  if ('sequence' in target) return { object: 'sequence', name: target.sequence }
  if ('function' in target) return { object: 'function', name: target.function }
  if ('schema' in target) return { object: 'schema', name: target.schema }
  return { object: 'database', name: target.database }
}

const describeTarget = (t: ReturnType<typeof targetOf>) =>
  `${t.object} ${t.name ?? '(current)'}${t.detail === undefined ? '' : `.${t.detail}`}`

/** Splits `add(integer, integer)` into the name and the arguments. */
function splitFunction(name: string): { name: string; args?: string } {
  const open = name.indexOf('(')
  return open === -1
    ? { name }
    : { name: name.slice(0, open).trim(), args: name.slice(open + 1, name.lastIndexOf(')')) }
}

interface Located {
  readonly where: string
  readonly matches: (row: { schema: string; name: string; detail: string | null }) => boolean
}

/** Resolves an object among rows of one kind: schema-less kinds by name, others on the search_path. */
function locate(
  model: SchemaModel,
  rows: readonly { schema: string; name: string; detail: string | null }[],
  kind: string,
  written: string | undefined,
  unscoped: boolean,
): Located | Problem {
  if (written === undefined) return { where: '(current)', matches: () => true }
  const fn = kind === 'function' ? splitFunction(written) : { name: written }
  if (unscoped) {
    const found = rows.find((r) => sameIdentifier(r.name, fn.name))
    if (found === undefined)
      return { title: `${kind} ${written}`, details: [`Missing: the ${kind} does not exist`] }
    return { where: found.name, matches: (r) => r.name === found.name }
  }
  const found = resolveNamed(model, rows, fn.name, kind)
  if (isProblem(found)) return { ...found, title: `${kind} ${written}` }
  const args = fn.args
  return {
    where: `${found.schema}.${found.name}`,
    matches: (r) =>
      r.schema === found.schema &&
      r.name === found.name &&
      (args === undefined || (r.detail !== null && sameArguments(r.detail, args))),
  }
}

/** Exactly these privileges of `role` on the object (pgTAP `table_privs_are`, `column_privs_are`, …). */
export function privilegesCheck(target: PrivilegeTarget, role: string, privileges: readonly string[]): Check {
  const t = targetOf(target)
  const title = `${describeTarget(t)}: privileges of ${role}`
  return {
    title,
    run(model) {
      const all = model.access?.privileges
      if (all === undefined) return needs('privileges', title)
      const roles = model.access?.roles
      if (roles !== undefined && !roles.some((r) => sameIdentifier(r.name, role)))
        return { title, details: [`Missing: role ${role} does not exist`] }
      const ofKind = all.filter((p) => p.object === t.object)
      const objects = (model.access?.owners ?? [])
        .filter((o) => (t.object === 'column' ? o.object === 'table' : o.object === t.object))
        .map((o) => ({ schema: o.schema, name: o.name, detail: t.object === 'column' ? null : o.detail }))
      const where = locate(
        model,
        objects.length > 0 ? objects : ofKind,
        t.object === 'column' ? 'table' : t.object,
        t.name,
        t.object === 'schema' || t.object === 'database',
      )
      if (isProblem(where)) return where
      const rows = ofKind.filter(
        (p: ObjectPrivileges) =>
          where.matches({
            ...p,
            detail: t.object === 'column' || t.object === 'function' ? p.detail : null,
          }) &&
          (t.detail === undefined || (p.detail !== null && sameIdentifier(p.detail, t.detail))) &&
          sameIdentifier(p.role, role),
      )
      const have = [...new Set(rows.flatMap((p) => p.privileges))].sort()
      const want = [...new Set(privileges.map((p) => p.toUpperCase()))].sort()
      const details = missingExtra(have, want, true)
      const place = `${t.object} ${where.where}${t.detail === undefined ? '' : `.${t.detail}`}`
      return details.length === 0 ? null : { title: `${place}: privileges of ${role}`, details }
    },
  }
}

/** The owner of an object of any kind (pgTAP `*_owner_is`); `database` without a name is the current one. */
export function ownerIsCheck(object: OwnedObject, name: string | undefined, role: string): Check {
  const title = `${object} ${name ?? '(current)'}: owner`
  return {
    title,
    run(model) {
      const owners = model.access?.owners
      if (owners === undefined) return needs('privileges', title)
      const matchKind = (o: Ownership) =>
        object === 'type'
          ? ['type', 'enum', 'domain', 'range', 'composite'].includes(o.object)
          : object === 'table'
            ? o.object === 'table'
            : o.object === object
      const rows = owners.filter(matchKind)
      const unscoped = ['database', 'tablespace', 'language', 'schema'].includes(object)
      const where = locate(model, rows, object, name, unscoped)
      if (isProblem(where)) return where
      const found = rows.filter(where.matches)
      const have = [...new Set(found.map((o) => o.owner))]
      const ok = have.length > 0 && have.every((h) => sameIdentifier(h, role))
      return ok
        ? null
        : { title: `${object} ${where.where}: owner`, details: haveWant(have.join(', ') || 'no owner', role) }
    },
  }
}
