/**
 * Response templating: `{{ … }}` expressions in response text, JSON string values and headers,
 * filled from the request, the scenario and the server clock.
 *
 * Expressions: `method`, `path`, `params.NAME` (or `path.NAME`), `query.NAME`, `headers.NAME`,
 * `body` (raw), `body.a.b.0` (JSON), `form.NAME` (form-encoded body), `scenario`, `now ['+1h' ['iso'|'epoch'|'epochMs'|'date']]`,
 * `uuid`, `seq` (per-scenario counter), `randomInt MIN MAX`.
 * @module
 */

/** What templates can read. */
export interface TemplateContext {
  readonly method: string
  readonly path: string
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  readonly headers: Readonly<Record<string, string>>
  readonly rawBody: string
  readonly json: unknown
  readonly scenario: string
  readonly now: Date
  /** Next value of the scenario's counter (1, 2, …). */
  nextSeq(): number
  /** A number in [0, 1) from the scenario's seeded generator. */
  random(): number
}

/** A compiled template. `render` returns a string, or the raw value when the template is one expression. */
export interface Template {
  readonly isStatic: boolean
  render(ctx: TemplateContext): unknown
}

type Part = string | ((ctx: TemplateContext) => unknown)

const EXPRESSION = /\{\{\s*(.*?)\s*\}\}/g

/**
 * Compiles a template; throws an Error naming the bad expression.
 *
 * @example
 * compileTemplate('user {{params.id}}').render(ctx) // 'user 7'
 */
export function compileTemplate(text: string): Template {
  const parts: Part[] = []
  let last = 0
  for (const m of text.matchAll(EXPRESSION)) {
    if (m.index > last) parts.push(text.slice(last, m.index))
    parts.push(compileExpression(m[1] as string))
    last = m.index + m[0].length
  }
  if (last < text.length) parts.push(text.slice(last))
  if (parts.length === 0) return { isStatic: true, render: () => '' }
  if (parts.every((p) => typeof p === 'string')) return { isStatic: true, render: () => text }
  if (parts.length === 1 && typeof parts[0] === 'function') {
    const only = parts[0]
    return { isStatic: false, render: (ctx) => only(ctx) ?? null }
  }
  return {
    isStatic: false,
    render: (ctx) => parts.map((p) => (typeof p === 'string' ? p : stringify(p(ctx)))).join(''),
  }
}

/**
 * Compiles every string inside a JSON value; returns `undefined` when nothing in it is templated.
 *
 * @example
 * compileJsonTemplate({ id: '{{params.id}}' })?.(ctx) // { id: '7' }
 */
export function compileJsonTemplate(value: unknown): ((ctx: TemplateContext) => unknown) | undefined {
  if (typeof value === 'string') {
    const t = compileTemplate(value)
    return t.isStatic ? undefined : (ctx) => t.render(ctx)
  }
  if (Array.isArray(value)) {
    const items = value.map(compileJsonTemplate)
    if (items.every((i) => i === undefined)) return undefined
    return (ctx) => value.map((v, i) => (items[i] === undefined ? v : items[i](ctx)))
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, v, compileJsonTemplate(v)] as const)
    if (entries.every(([, , t]) => t === undefined)) return undefined
    return (ctx) => Object.fromEntries(entries.map(([k, v, t]) => [k, t === undefined ? v : t(ctx)]))
  }
  return undefined
}

function compileExpression(source: string): (ctx: TemplateContext) => unknown {
  const [head = '', ...args] = tokens(source)
  const dot = head.indexOf('.')
  const root = dot === -1 ? head : head.slice(0, dot)
  const rest = dot === -1 ? '' : head.slice(dot + 1)
  const noArgs = (): void => {
    if (args.length > 0) throw new Error(`template "{{${source}}}": "${root}" takes no arguments`)
  }
  switch (root) {
    case 'method':
      noArgs()
      return (ctx) => ctx.method
    case 'scenario':
      noArgs()
      return (ctx) => ctx.scenario
    case 'path':
    case 'params':
      noArgs()
      if (rest === '') return root === 'path' ? (ctx) => ctx.path : (ctx) => ctx.params
      return (ctx) => ctx.params[rest]
    case 'query':
      noArgs()
      return (ctx) => ctx.query.get(rest) ?? undefined
    case 'headers':
      noArgs()
      return (ctx) => ctx.headers[rest.toLowerCase()]
    case 'body': {
      noArgs()
      if (rest === '') return (ctx) => ctx.rawBody
      const keys = rest.split('.')
      return (ctx) =>
        keys.reduce<unknown>(
          (v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined),
          ctx.json,
        )
    }
    case 'form':
      noArgs()
      return (ctx) => new URLSearchParams(ctx.rawBody).get(rest) ?? undefined
    case 'now': {
      const offsetMs = args[0] === undefined ? 0 : parseOffset(args[0], source)
      const format = args[1] ?? 'iso'
      if (!['iso', 'epoch', 'epochMs', 'date'].includes(format)) {
        throw new Error(
          `template "{{${source}}}": unknown format "${format}" (use iso, epoch, epochMs or date)`,
        )
      }
      return (ctx) => formatDate(new Date(ctx.now.getTime() + offsetMs), format)
    }
    case 'uuid':
      noArgs()
      return (ctx) => uuidFrom(ctx.random)
    case 'seq':
      noArgs()
      return (ctx) => ctx.nextSeq()
    case 'randomInt': {
      const [min, max] = args.map(Number)
      if (
        args.length !== 2 ||
        !Number.isInteger(min) ||
        !Number.isInteger(max) ||
        (min as number) > (max as number)
      ) {
        throw new Error(`template "{{${source}}}": use randomInt MIN MAX with integers, MIN <= MAX`)
      }
      return (ctx) => (min as number) + Math.floor(ctx.random() * ((max as number) - (min as number) + 1))
    }
    default:
      throw new Error(
        `template "{{${source}}}": unknown expression "${head}" (use method, path, params.X, query.X, headers.X, body.X, form.X, scenario, now, uuid, seq or randomInt)`,
      )
  }
}

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
}

/** Parses an offset like `+1h`, `-30m`, `+3 days`, `-500ms`. */
export function parseOffset(text: string, where = text): number {
  const m = /^([+-])\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+?)s?$/.exec(text.trim())
  const unit = m === null ? undefined : UNITS[m[3] as string]
  if (m === null || unit === undefined) {
    throw new Error(
      `template "{{${where}}}": bad offset "${text}" (use e.g. '+1h', '-30m', '+3 days', '+500ms')`,
    )
  }
  return (m[1] === '-' ? -1 : 1) * Number(m[2]) * unit
}

function formatDate(date: Date, format: string): unknown {
  if (format === 'epoch') return Math.floor(date.getTime() / 1000)
  if (format === 'epochMs') return date.getTime()
  if (format === 'date') return date.toISOString().slice(0, 10)
  return date.toISOString()
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((Math.floor(random() * 4) + 8) as number).toString(16)
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

function tokens(source: string): string[] {
  return [...source.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => (m[1] ?? m[2] ?? m[3]) as string)
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}
