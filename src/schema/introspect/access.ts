/**
 * Reads the optional access part of the model (roles; effective privileges and owners).
 * @module
 */
import type { AccessModel, ObjectPrivileges, Ownership, Role } from '../access-model.js'
import { sortBy } from '../freeze.js'
import { OWNERS_SQL, PRIVILEGES_SQL, ROLES_SQL } from './access-queries.js'

/** What `introspect()` can read beyond the schema. */
export type IntrospectExtra = 'roles' | 'privileges'

interface RoleRow {
  name: string
  superuser: boolean
  login: boolean
  inherit: boolean
  create_role: boolean
  create_db: boolean
  member_of: string[]
}

interface PrivilegeRow {
  object: ObjectPrivileges['object']
  schema: string
  name: string
  detail: string | null
  role: string
  privileges: string[]
}

interface OwnerRow {
  object: Ownership['object']
  schema: string
  name: string
  detail: string | null
  owner: string
}

/** Runs the access queries `include` asks for, through `run` (the introspection's query runner). */
export async function readAccess(
  include: readonly IntrospectExtra[],
  run: <R>(text: string) => Promise<R[]>,
): Promise<AccessModel> {
  const access: { roles?: Role[]; privileges?: ObjectPrivileges[]; owners?: Ownership[] } = {}
  if (include.includes('roles')) {
    access.roles = (await run<RoleRow>(ROLES_SQL)).map((r) => ({
      kind: 'role',
      name: r.name,
      superuser: r.superuser,
      login: r.login,
      inherit: r.inherit,
      createRole: r.create_role,
      createDb: r.create_db,
      memberOf: r.member_of,
    }))
  }
  if (include.includes('privileges')) {
    const key = (r: { object: string; schema: string; name: string; detail: string | null }) =>
      `${r.object}\u0000${r.schema}\u0000${r.name}\u0000${r.detail ?? ''}`
    access.privileges = sortBy(
      (await run<PrivilegeRow>(PRIVILEGES_SQL)).map((r) => ({
        kind: 'privileges',
        object: r.object,
        schema: r.schema,
        name: r.name,
        detail: r.detail,
        role: r.role,
        privileges: [...r.privileges].sort(),
      })),
      (r) => `${key(r)}\u0000${r.role}`,
    )
    access.owners = sortBy(
      (await run<OwnerRow>(OWNERS_SQL)).map((r) => ({
        kind: 'owner',
        object: r.object,
        schema: r.schema,
        name: r.name,
        detail: r.detail,
        owner: r.owner,
      })),
      key,
    )
  }
  return access
}
