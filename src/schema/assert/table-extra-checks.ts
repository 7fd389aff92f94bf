/**
 * Checks on partitioning (strategy, key, partitions, bounds — beyond pgTAP), row-level security
 * and policies, and triggers.
 * @module
 */
import type { Policy, Trigger } from '../model.js'
import { haveWant, missingExtra } from './format.js'
import { normalizeExpression, sameExpression } from './normalize-text.js'
import { type Check, qualify, sameList, tableCheck } from './resolve.js'

export function partitionedCheck(
  table: string,
  spec: { strategy?: 'range' | 'list' | 'hash'; key?: string },
): Check {
  return tableCheck(table, 'partitioned', (t) => {
    if (t.partitioning === null)
      return haveWant('not partitioned', `${spec.strategy ?? 'any'} (${spec.key ?? '…'})`)
    const out: string[] = []
    if (spec.strategy !== undefined && spec.strategy !== t.partitioning.strategy) {
      out.push('strategy', ...haveWant(t.partitioning.strategy, spec.strategy).map((l) => `  ${l}`))
    }
    if (spec.key !== undefined && normalizeExpression(spec.key) !== normalizeExpression(t.partitioning.key)) {
      out.push('key', ...haveWant(t.partitioning.key, spec.key).map((l) => `  ${l}`))
    }
    return out
  })
}

/** The exact set of a partitioned table's partitions. */
export function partitionsCheck(table: string, partitions: readonly string[]): Check {
  return tableCheck(table, 'partitions are', (t, model) => {
    const parent = `${t.schema}.${t.name}`
    const have = model.tables
      .filter((p) => p.partitionOf?.parent === parent)
      .map((p) => `${p.schema}.${p.name}`)
    return missingExtra(
      have,
      partitions.map((p) => qualify(p, t)),
      true,
    )
  })
}

/** `table` is a partition of `parent`, optionally with this bound (`FOR VALUES FROM (…) TO (…)`). */
export function partitionOfCheck(table: string, parent: string, bound?: string): Check {
  return tableCheck(table, `partition of ${parent}`, (t) => {
    const want = qualify(parent, t)
    if (t.partitionOf === null) return haveWant('not a partition', want)
    if (t.partitionOf.parent !== want) return haveWant(t.partitionOf.parent, want)
    if (bound !== undefined && !sameExpression(t.partitionOf.bound, bound))
      return ['bound', ...haveWant(t.partitionOf.bound, bound)]
    return null
  })
}

export function rowLevelSecurityCheck(table: string, spec: { enabled?: boolean; forced?: boolean }): Check {
  return tableCheck(table, 'row-level security', (t) => {
    const have = t.rowLevelSecurity
    const want = { enabled: spec.enabled ?? have.enabled, forced: spec.forced ?? have.forced }
    return have.enabled === want.enabled && have.forced === want.forced ? null : haveWant(have, want)
  })
}

export function policiesAreCheck(table: string, names: readonly string[]): Check {
  return tableCheck(table, 'policies are', (t) =>
    missingExtra(
      t.policies.map((p) => p.name),
      names,
      true,
    ),
  )
}

/** A policy by name, with its command, roles, permissiveness and expressions. */
export interface PolicySpec {
  readonly command?: Policy['command']
  readonly roles?: readonly string[]
  readonly permissive?: boolean
  readonly using?: string | null
  readonly withCheck?: string | null
}

export function policyCheck(table: string, name: string, spec: PolicySpec = {}): Check {
  return tableCheck(table, `policy ${name}`, (t) => {
    const policy = t.policies.find((p) => p.name === name)
    if (policy === undefined) return haveWant(t.policies.map((p) => p.name).join(', ') || 'no policies', name)
    const out: string[] = []
    const differs = (field: string, have: unknown, want: unknown) =>
      out.push(field, ...haveWant(have, want).map((l) => `  ${l}`))
    if (spec.command !== undefined && spec.command !== policy.command)
      differs('command', policy.command, spec.command)
    if (spec.roles !== undefined && !sameList(policy.roles, [...spec.roles].sort()))
      differs('roles', policy.roles, spec.roles)
    if (spec.permissive !== undefined && spec.permissive !== policy.permissive) {
      differs('permissive', policy.permissive, spec.permissive)
    }
    if (spec.using !== undefined && !sameExpression(policy.using, spec.using))
      differs('using', policy.using, spec.using)
    if (spec.withCheck !== undefined && !sameExpression(policy.withCheck, spec.withCheck)) {
      differs('withCheck', policy.withCheck, spec.withCheck)
    }
    return out
  })
}

/** Exactly these triggers on the table (pgTAP `triggers_are`). */
export function triggersAreCheck(table: string, names: readonly string[]): Check {
  return tableCheck(table, 'triggers are', (t) =>
    missingExtra(
      t.triggers.map((x) => x.name),
      names,
      true,
    ),
  )
}

/** A trigger by name, with timing, events, level and function. */
export interface TriggerSpec {
  readonly timing?: Trigger['timing']
  readonly events?: readonly Trigger['events'][number][]
  readonly level?: Trigger['level']
  /** `touch` (schema of the table) or `app.touch`. */
  readonly function?: string
  readonly enabled?: boolean
}

export function triggerCheck(table: string, name: string, spec: TriggerSpec = {}): Check {
  return tableCheck(table, `trigger ${name}`, (t) => {
    const trigger = t.triggers.find((x) => x.name === name)
    if (trigger === undefined)
      return haveWant(t.triggers.map((x) => x.name).join(', ') || 'no triggers', name)
    const out: string[] = []
    const differs = (field: string, have: unknown, want: unknown) =>
      out.push(field, ...haveWant(have, want).map((l) => `  ${l}`))
    if (spec.timing !== undefined && spec.timing !== trigger.timing)
      differs('timing', trigger.timing, spec.timing)
    if (spec.events !== undefined && !sameList([...trigger.events].sort(), [...spec.events].sort())) {
      differs('events', trigger.events, spec.events)
    }
    if (spec.level !== undefined && spec.level !== trigger.level) differs('level', trigger.level, spec.level)
    if (spec.function !== undefined && qualify(spec.function, t) !== trigger.function) {
      differs('function', trigger.function, qualify(spec.function, t))
    }
    if (spec.enabled !== undefined && spec.enabled !== (trigger.enabled !== 'disabled')) {
      differs('enabled', trigger.enabled, spec.enabled ? 'enabled' : 'disabled')
    }
    return out
  })
}

const PRIVILEGE_LETTERS: Record<string, TablePrivilege> = {
  r: 'select',
  a: 'insert',
  w: 'update',
  d: 'delete',
  D: 'truncate',
  x: 'references',
  t: 'trigger',
}

/** Table privileges as pgTAP's `table_privs_are` names them (lower case). */
export type TablePrivilege = 'select' | 'insert' | 'update' | 'delete' | 'truncate' | 'references' | 'trigger'

const NEEDS_PRIVILEGES = 'introspected without privileges: use expectSchema(db, { privileges: true })'

/** The table's owner (needs `privileges: true`). */
export function ownerCheck(table: string, role: string): Check {
  return tableCheck(table, 'owner', (t) => {
    if (t.owner === undefined) return [NEEDS_PRIVILEGES]
    return t.owner === role ? null : haveWant(t.owner, role)
  })
}

/**
 * Exactly these privileges for `role` on the table (pgTAP `table_privs_are`; needs
 * `privileges: true`). `public` means PUBLIC. The owner's implicit rights are not counted.
 */
export function grantsCheck(table: string, role: string, privileges: readonly TablePrivilege[]): Check {
  return tableCheck(table, `privileges of ${role}`, (t) => {
    if (t.grants === undefined) return [NEEDS_PRIVILEGES]
    const grantee = role === 'public' ? '' : role
    const have = new Set<TablePrivilege>()
    for (const item of t.grants) {
      // aclitem text: grantee=privileges/grantor, grantee empty for PUBLIC, `*` marks grant option
      const match = /^(.*?)=([a-zA-Z*]*)\//.exec(item)
      if (match === null || match[1] !== grantee) continue
      for (const letter of match[2] ?? '') {
        const privilege = PRIVILEGE_LETTERS[letter]
        if (privilege !== undefined) have.add(privilege)
      }
    }
    const details = missingExtra([...have].sort(), [...privileges].sort(), true)
    return details
  })
}
