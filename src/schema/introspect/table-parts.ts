/**
 * Converts catalog rows of one table's parts (columns, constraints, indexes, triggers, policies)
 * into model objects, decoding PostgreSQL's one-letter codes into words.
 * @module
 */
import type {
  CheckConstraint,
  Column,
  Deferrable,
  ExclusionConstraint,
  ForeignKey,
  ForeignKeyAction,
  Index,
  Policy,
  PrimaryKey,
  Trigger,
  TriggerEvent,
  UniqueConstraint,
} from '../model.js'
import type { ColumnRow, ConstraintRow, IndexRow, PolicyRow, TriggerRow } from './rows.js'

const FK_ACTIONS: Record<string, ForeignKeyAction> = {
  a: 'no-action',
  r: 'restrict',
  c: 'cascade',
  n: 'set-null',
  d: 'set-default',
}

const FK_MATCH: Record<string, ForeignKey['match']> = { s: 'simple', f: 'full', p: 'partial' }

const POLICY_COMMANDS: Record<string, Policy['command']> = {
  '*': 'all',
  r: 'select',
  a: 'insert',
  w: 'update',
  d: 'delete',
}

const TRIGGER_ENABLED: Record<string, Trigger['enabled']> = {
  O: 'origin',
  D: 'disabled',
  R: 'replica',
  A: 'always',
}

/** Columns of one relation, positioned 1..n in attnum order (dropped columns leave no gap). */
export function toColumns(rows: readonly ColumnRow[]): Column[] {
  return [...rows]
    .sort((a, b) => a.num - b.num)
    .map((row, i) => ({
      kind: 'column',
      name: row.name,
      position: i + 1,
      type: row.type,
      nullable: !row.not_null,
      default: row.generated === '' ? row.default_expr : null,
      identity: row.identity === 'a' ? 'always' : row.identity === 'd' ? 'by-default' : null,
      generated: row.generated === '' ? null : row.default_expr,
      collation: row.collation,
      comment: row.comment,
    }))
}

function deferrable(row: ConstraintRow): Deferrable {
  if (!row.deferrable) return 'not-deferrable'
  return row.deferred ? 'deferrable-deferred' : 'deferrable-immediate'
}

/** The five kinds of table constraints, split out of one list of rows. */
export interface TableConstraints {
  primaryKey: PrimaryKey | null
  uniques: UniqueConstraint[]
  foreignKeys: ForeignKey[]
  checks: CheckConstraint[]
  exclusions: ExclusionConstraint[]
}

export function toConstraints(rows: readonly ConstraintRow[]): TableConstraints {
  const out: TableConstraints = { primaryKey: null, uniques: [], foreignKeys: [], checks: [], exclusions: [] }
  for (const row of rows) {
    const common = { name: row.name, comment: row.comment }
    switch (row.type) {
      case 'p':
        out.primaryKey = { kind: 'primary-key', ...common, columns: row.columns, deferrable: deferrable(row) }
        break
      case 'u':
        out.uniques.push({
          kind: 'unique',
          ...common,
          columns: row.columns,
          nullsNotDistinct: row.nulls_not_distinct ?? false,
          deferrable: deferrable(row),
        })
        break
      case 'f':
        out.foreignKeys.push({
          kind: 'foreign-key',
          ...common,
          columns: row.columns,
          references: row.referenced ?? '',
          referencedColumns: row.referenced_columns,
          onDelete: FK_ACTIONS[row.on_delete] ?? 'no-action',
          onUpdate: FK_ACTIONS[row.on_update] ?? 'no-action',
          match: FK_MATCH[row.match] ?? 'simple',
          deferrable: deferrable(row),
          validated: row.validated,
        })
        break
      case 'c':
        out.checks.push({
          kind: 'check',
          ...common,
          expression: row.expression ?? '',
          columns: row.columns,
          validated: row.validated,
          noInherit: row.no_inherit,
        })
        break
      case 'x':
        out.exclusions.push({
          kind: 'exclusion',
          ...common,
          definition: row.definition ?? '',
          deferrable: deferrable(row),
        })
        break
    }
  }
  return out
}

export function toIndex(row: IndexRow): Index {
  const elements = row.elements.slice(0, row.key_count).map((expression, i) => {
    const option = row.options[i] ?? 0
    return {
      expression,
      isExpression: row.is_expression[i] ?? false,
      // indoption bits: 1 = DESC, 2 = NULLS FIRST
      descending: (option & 1) !== 0,
      nullsFirst: (option & 2) !== 0,
    }
  })
  return {
    kind: 'index',
    name: row.name,
    method: row.method,
    unique: row.unique,
    primary: row.primary,
    nullsNotDistinct: row.nulls_not_distinct,
    elements,
    include: row.elements.slice(row.key_count),
    predicate: row.predicate,
    constraint: row.constraint_name,
    valid: row.valid,
    definition: row.definition,
    comment: row.comment,
    // only present when set, so snapshots of unclustered schemas stay as they were
    ...(row.clustered ? { clustered: true as const } : {}),
  }
}

export function toTrigger(row: TriggerRow): Trigger {
  // tgtype bits: 1 ROW, 2 BEFORE, 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE, 64 INSTEAD
  const type = row.type
  const events: TriggerEvent[] = []
  if (type & 4) events.push('insert')
  if (type & 16) events.push('update')
  if (type & 8) events.push('delete')
  if (type & 32) events.push('truncate')
  return {
    kind: 'trigger',
    name: row.name,
    timing: type & 64 ? 'instead-of' : type & 2 ? 'before' : 'after',
    events,
    level: type & 1 ? 'row' : 'statement',
    function: row.function,
    enabled: TRIGGER_ENABLED[row.enabled] ?? 'origin',
    definition: row.definition,
    comment: row.comment,
  }
}

export function toPolicy(row: PolicyRow): Policy {
  return {
    kind: 'policy',
    name: row.name,
    command: POLICY_COMMANDS[row.command] ?? 'all',
    permissive: row.permissive,
    roles: row.roles,
    using: row.using_expr,
    withCheck: row.with_check,
    comment: row.comment,
  }
}
