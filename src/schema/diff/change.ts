/**
 * What a diff produces: plain, frozen `SchemaChange` records, each tagged with a kind and a risk
 * class; and the small helpers every per-kind diff uses.
 * @module
 */

/**
 * How risky a change is for a running application:
 * - `destructive`: data is lost (a table, column, sequence or enum label goes away);
 * - `breaking`: something that worked may now fail or behave differently (a type or signature
 *   changes, a constraint is added, an object other code uses is removed);
 * - `additive`: new things existing code does not notice (a table, a nullable column, an index);
 * - `cosmetic`: no effect on behaviour (comments, column order).
 */
export type Risk = 'destructive' | 'breaking' | 'additive' | 'cosmetic'

/** The kinds of objects a change can be about. */
export type ObjectKind =
  | 'schema'
  | 'extension'
  | 'table'
  | 'column'
  | 'primary-key'
  | 'unique'
  | 'foreign-key'
  | 'check'
  | 'exclusion'
  | 'index'
  | 'trigger'
  | 'policy'
  | 'view'
  | 'materialized-view'
  | 'sequence'
  | 'enum'
  | 'domain'
  | 'composite'
  | 'range'
  | 'function'

/** What happened to an object: added, removed or changed. */
export type ChangeAction = 'added' | 'removed' | 'changed'

/** One difference between two schemas; `before`/`after` hold the differing values. */
export interface SchemaChange {
  /** `${objectKind}-${action}`, e.g. `column-added`, `foreign-key-changed`. */
  readonly kind: `${ObjectKind}-${ChangeAction}`
  readonly objectKind: ObjectKind
  readonly action: ChangeAction
  /** The object's identity: `schema.table`, `schema.table.column`, `schema.table.constraint`, … */
  readonly object: string
  /** For `changed`: the field that differs, e.g. `type`, `nullable`, `onDelete`. */
  readonly field?: string
  readonly before?: unknown
  readonly after?: unknown
  readonly risk: Risk
  /** One line for people, e.g. `column public.users.age: type integer → bigint`. */
  readonly message: string
}

/** Options of `diffSchemas()`. */
export interface DiffOptions {
  /** Do not report columns that only moved; default false. */
  readonly ignoreColumnOrder?: boolean
  /** Treat `users_email_key1` as `users_email_key`, `t_id_seq1` as `t_id_seq`, …; default false. */
  readonly ignoreGeneratedNameSuffixes?: boolean
  /**
   * Globs of objects to leave out, matched against `schema.name` (tables, views, types, …),
   * `schema.table.name` (columns, constraints, indexes, …) and the bare name:
   * `*` stays within one name part, `**` crosses dots. E.g. `['public.audit_*', '*.tmp_**']`.
   */
  readonly ignore?: readonly string[]
}

/** Shared state of one diff run. */
export interface DiffContext {
  readonly changes: SchemaChange[]
  readonly options: DiffOptions
}

function render(value: unknown): string {
  if (value === null || value === undefined) return 'none'
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 77)}…` : value
  return JSON.stringify(value)
}

/** Records one change. */
export function record(
  ctx: DiffContext,
  change: Omit<SchemaChange, 'kind' | 'message'> & { readonly message?: string },
): void {
  const message =
    change.message ??
    (change.action === 'changed'
      ? `${change.objectKind} ${change.object}: ${change.field} ${render(change.before)} → ${render(change.after)}`
      : `${change.objectKind} ${change.object} ${change.action}`)
  ctx.changes.push({ ...change, kind: `${change.objectKind}-${change.action}`, message })
}

/** JSON with object keys sorted, so key order never matters (a snapshot read back has its own). */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  )
}

/** Deep equality of plain data (the model has no cycles, dates or maps), whatever the key order. */
export function same(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b)
}

/** How risky a changed field is: a fixed class, or one decided from the values. */
export type FieldRisk = Risk | ((before: unknown, after: unknown) => Risk)

/**
 * Compares the scalar fields of two versions of one object and records a change per field that
 * differs. Fields in `skip` are compared elsewhere (children lists); unlisted fields are
 * `breaking`, except `comment` (`cosmetic`).
 */
export function diffFields<T extends object>(
  ctx: DiffContext,
  objectKind: ObjectKind,
  object: string,
  before: T,
  after: T,
  risks: Partial<Record<keyof T & string, FieldRisk>> = {},
  skip: readonly string[] = [],
): void {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)])
  for (const field of fields) {
    if (field === 'kind' || skip.includes(field)) continue
    const a = (before as Record<string, unknown>)[field]
    const b = (after as Record<string, unknown>)[field]
    if (same(a, b)) continue
    const fieldRisk: FieldRisk =
      (risks as Record<string, FieldRisk | undefined>)[field] ??
      (field === 'comment' ? 'cosmetic' : 'breaking')
    const risk = typeof fieldRisk === 'function' ? fieldRisk(a, b) : fieldRisk
    record(ctx, { objectKind, action: 'changed', object, field, before: a, after: b, risk })
  }
}

/**
 * Pairs two lists by identity and calls `added`, `removed` or `changed` for each pair, in a
 * stable order (removals first, then changes and additions in name order).
 */
export function diffLists<T>(
  before: readonly T[],
  after: readonly T[],
  idOf: (item: T) => string,
  on: { added(item: T): void; removed(item: T): void; changed(a: T, b: T): void },
): void {
  const afterById = new Map(after.map((item) => [idOf(item), item]))
  const beforeById = new Map(before.map((item) => [idOf(item), item]))
  for (const item of before) if (!afterById.has(idOf(item))) on.removed(item)
  const ids = [...new Set([...beforeById.keys(), ...afterById.keys()])].sort()
  for (const id of ids) {
    const a = beforeById.get(id)
    const b = afterById.get(id)
    if (a !== undefined && b !== undefined) on.changed(a, b)
    else if (a === undefined && b !== undefined) on.added(b)
  }
}

/** Records added/removed with fixed risks and field changes for the pairs: the common case. */
export function diffSimpleList<T extends { readonly name: string }>(
  ctx: DiffContext,
  objectKind: ObjectKind,
  parent: string,
  before: readonly T[],
  after: readonly T[],
  risks: {
    readonly added: Risk | ((item: T) => Risk)
    readonly removed: Risk | ((item: T) => Risk)
    readonly fields?: Partial<Record<keyof T & string, FieldRisk>>
  },
): void {
  const idOf = (item: T) => (parent === '' ? item.name : `${parent}.${item.name}`)
  const riskOf = (r: Risk | ((item: T) => Risk), item: T) => (typeof r === 'function' ? r(item) : r)
  diffLists(before, after, (item) => item.name, {
    added: (item) =>
      record(ctx, {
        objectKind,
        action: 'added',
        object: idOf(item),
        after: item,
        risk: riskOf(risks.added, item),
      }),
    removed: (item) =>
      record(ctx, {
        objectKind,
        action: 'removed',
        object: idOf(item),
        before: item,
        risk: riskOf(risks.removed, item),
      }),
    changed: (a, b) => diffFields(ctx, objectKind, idOf(a), a, b, risks.fields),
  })
}
