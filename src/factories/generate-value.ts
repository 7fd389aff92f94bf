/**
 * One value for one column of one row, from a key-derived random number: the same
 * (seed, table, row, column) always gives the same value. Unique columns derive from the row
 * number, so they never collide (a million rows give a million distinct values).
 * @module
 */
import type { ColumnPlan } from './column-plan.js'
import { hashKey, keyedRandom } from './seeded-random.js'

const WORDS = [
  'amber',
  'birch',
  'cedar',
  'delta',
  'ember',
  'fjord',
  'grove',
  'harbor',
  'iris',
  'juniper',
  'kestrel',
  'lumen',
  'meadow',
  'north',
  'orchid',
  'pine',
  'quartz',
  'river',
  'sierra',
  'tundra',
]
const FIRST = ['Ada', 'Grace', 'Linus', 'Barbara', 'Edsger', 'Frances', 'Alan', 'Margaret', 'Ken', 'Radia']
const LAST = [
  'Lovelace',
  'Hopper',
  'Torvalds',
  'Liskov',
  'Dijkstra',
  'Allen',
  'Turing',
  'Hamilton',
  'Thompson',
  'Perlman',
]
const EPOCH = Date.UTC(2024, 0, 1)
const DAY = 86_400_000

/** Deterministic UUID (version 4 layout) for a key. */
function uuidOf(parts: readonly (string | number)[]): string {
  const hex = [0, 1, 2, 3]
    .map((i) =>
      hashKey(...parts, i)
        .toString(16)
        .padStart(8, '0'),
    )
    .join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Number.parseInt(hex[16] ?? '0', 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

function textFor(name: string, r: number, n: number, unique: boolean): string {
  const pick = <T>(list: readonly T[], x: number) => list[Math.floor(x * list.length) % list.length] as T
  const lower = name.toLowerCase()
  if (lower.includes('email')) return `${pick(FIRST, r).toLowerCase()}.${n}@example.test`
  if (lower.includes('phone')) return `+1 555 ${String(1000 + (n % 9000)).padStart(4, '0')}`
  if (lower.includes('url')) return `https://example.test/${name}/${n}`
  if (lower === 'name' || lower.endsWith('_name'))
    return `${pick(FIRST, r)} ${pick(LAST, (r * 7) % 1)}${unique ? ` ${n}` : ''}`
  return `${pick(WORDS, r)} ${pick(WORDS, (r * 13) % 1)}${unique ? ` ${n}` : ''}`
}

function numberIn(plan: ColumnPlan, r: number, lo: number, hi: number, integer: boolean): number {
  const min = Math.max(plan.min ?? lo, lo)
  const max = Math.min(plan.max ?? hi, hi)
  if (integer) return Math.floor(min + r * (Math.floor(max) - Math.ceil(min) + 1))
  return Math.round((min + r * (max - min)) * 100) / 100
}

function scalar(
  plan: ColumnPlan,
  type: string,
  r: number,
  n: number,
  key: readonly (string | number)[],
): unknown {
  if (plan.choices !== undefined && plan.choices.length > 0)
    return plan.choices[Math.floor(r * plan.choices.length)]
  const unique = plan.unique
  if (/^(smallint|integer|bigint|int2|int4|int8)$/.test(type)) {
    if (unique) return n
    return numberIn(plan, r, type === 'smallint' ? 0 : 0, type === 'smallint' ? 32_000 : 100_000, true)
  }
  if (type.startsWith('numeric') || type === 'real' || type === 'double precision') {
    const m = /numeric\((\d+),(\d+)\)/.exec(type)
    const hi = m === null ? 10_000 : 10 ** (Number(m[1]) - Number(m[2])) - 1
    if (unique) return n
    return numberIn(plan, r, 0, hi, false)
  }
  if (type === 'boolean') return r < 0.5
  if (type === 'uuid') return uuidOf(key)
  if (type === 'date') {
    // unique dates count days from the epoch (about 2,700 years of room before year 9999)
    const day = unique ? n : Math.floor(r * 730)
    return new Date(EPOCH + day * DAY).toISOString().slice(0, 10)
  }
  if (type.startsWith('timestamp'))
    return new Date(EPOCH + Math.floor(r * 730 * 24 * 60) * 60_000 + (unique ? n : 0)).toISOString()
  if (type.startsWith('time'))
    return `${String(Math.floor(r * 24)).padStart(2, '0')}:${String(Math.floor(r * 1440) % 60).padStart(2, '0')}:00`
  if (type === 'interval') return `${1 + Math.floor(r * 240)} minutes`
  if (type === 'json' || type === 'jsonb') return { n, tag: WORDS[Math.floor(r * WORDS.length)] }
  if (type === 'bytea') return Buffer.from(hashKey(...key).toString(16))
  if (type === 'inet' || type === 'cidr') return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
  if (/^(int4range|int8range|numrange)$/.test(type)) {
    const a = Math.floor(r * 1000)
    return `[${a},${a + 1 + (n % 50)})`
  }
  if (/^(tstzrange|tsrange|daterange)$/.test(type)) {
    const start = EPOCH + Math.floor(r * 730) * DAY
    const iso = (t: number) =>
      type === 'daterange' ? new Date(t).toISOString().slice(0, 10) : new Date(t).toISOString()
    return `[${iso(start)},${iso(start + DAY * (1 + (n % 7)))})`
  }
  const text = textFor(plan.name, r, n, unique)
  return plan.maxLength === undefined
    ? text
    : unique
      ? `${text.slice(0, Math.max(0, plan.maxLength - String(n).length - 1))}-${n}`.slice(-plan.maxLength)
      : text.slice(0, plan.maxLength)
}

/**
 * The value of `plan`'s column in row `n` (1-based, counted over the table) for `seed`.
 *
 * @example
 * generateValue(plan, 42, 'users', 7) // e.g. 'ada.7@example.test'
 */
export function generateValue(plan: ColumnPlan, seed: number | string, table: string, n: number): unknown {
  const key = [seed, table, n, plan.name] as const
  const r = keyedRandom(...key)
  const type = plan.baseType.replace(/\(.*\)$/, '').trim()
  const fullType = plan.baseType
  if (plan.isArray)
    return [0, 1].map((i) => scalar({ ...plan, unique: false }, type, keyedRandom(...key, i), n, [...key, i]))
  return scalar(plan, fullType.startsWith('numeric') ? fullType : type, r, n, key)
}
