/**
 * Comparisons that forgive spelling: type aliases (`varchar(64)` = `character varying(64)`) and
 * expressions as written vs as PostgreSQL prints them (`price > 0` = `(price > (0)::numeric)`).
 * @module
 */

const TYPE_ALIASES: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  int2: 'smallint',
  int8: 'bigint',
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
  smallserial: 'smallint',
  serial2: 'smallint',
  bool: 'boolean',
  float8: 'double precision',
  float: 'double precision',
  float4: 'real',
  decimal: 'numeric',
  varchar: 'character varying',
  char: 'character',
  bpchar: 'character',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  timetz: 'time with time zone',
  time: 'time without time zone',
  varbit: 'bit varying',
}

/**
 * A type name in PostgreSQL's `format_type` spelling.
 *
 * @example
 * normalizeType('varchar(64)') // 'character varying(64)'
 */
export function normalizeType(type: string): string {
  const trimmed = type.trim().toLowerCase().replace(/\s+/g, ' ')
  const match = /^([a-z_][a-z0-9_ ]*?)\s*(\([^)]*\))?\s*((?:\[\])*)$/.exec(trimmed)
  if (match === null) return trimmed
  const [, base = '', mods = '', arrays = ''] = match
  let name = TYPE_ALIASES[base] ?? base
  // "timestamp(3) with time zone": format_type puts the modifier after "timestamp"
  if (name === 'character varying' || name === 'character' || name === 'numeric' || name === 'bit varying') {
    return `${name}${mods.replace(/\s/g, '')}${arrays}`
  }
  if (name.startsWith('timestamp') || name.startsWith('time ')) {
    name = name.replace(/^(timestamp|time)/, `$1${mods.replace(/\s/g, '')}`)
    return `${name}${arrays}`
  }
  return `${name}${mods.replace(/\s/g, '')}${arrays}`
}

/**
 * An expression reduced for comparison: lower case outside quotes, no casts of literals, no
 * redundant parentheses or whitespace. Good for the expressions people write in tests; exotic
 * expressions should be compared in PostgreSQL's own printed form.
 */
export function normalizeExpression(expression: string): string {
  let text = expression
  // casts: 'x'::text, (0)::numeric, 0::numeric, ::character varying, ::text[] — first, because on
  // a varchar column `IN (...)` is printed `col::text = ANY (ARRAY[...]::text[])`
  text = text.replace(
    /::\s*(?:"[^"]+"|[a-z_][a-z0-9_.]*)(?:\s+(?:varying|precision|with(?:out)?\s+time\s+zone))*(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])*/gi,
    '',
  )
  // `IN (...)` is printed as `= ANY (ARRAY[...])`
  text = text.replace(/=\s*ANY\s*\(\s*ARRAY\s*\[([^\]]*)\]\s*\)/gi, ' IN ($1)')
  text = text.replace(/<>\s*ALL\s*\(\s*ARRAY\s*\[([^\]]*)\]\s*\)/gi, ' NOT IN ($1)')
  // lower case outside single quotes
  text = text
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : part.toLowerCase()))
    .join('')
  text = text.replace(/\s+/g, '')
  // drop parentheses around single tokens, then outer ones, until stable
  for (let previous = ''; previous !== text; ) {
    previous = text
    // not a call's parentheses: lower(name) keeps them
    text = text.replace(/(?<![a-z0-9_])\(([a-z0-9_.]+|'(?:[^']|'')*')\)/g, '$1')
    if (text.startsWith('(') && text.endsWith(')') && balanced(text.slice(1, -1))) text = text.slice(1, -1)
  }
  return text
}

function balanced(text: string): boolean {
  let depth = 0
  for (const ch of text) {
    if (ch === '(') depth++
    else if (ch === ')' && --depth < 0) return false
  }
  return depth === 0
}

/**
 * True when two expressions mean the same under `normalizeExpression`.
 *
 * @example
 * sameExpression('price > 0::numeric', 'price > 0') // true
 */
export function sameExpression(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b
  return normalizeExpression(a) === normalizeExpression(b)
}
