/**
 * Validates and compiles the `request` part of a stub: method, path, query, headers, body.
 * @module
 */

import type { CompiledBodyMatcher, CompiledValueMatcher } from './compiled-stub.js'
import { jsonDifference } from './json-compare.js'
import { compileJsonPath } from './json-path.js'
import { compilePath, type PathMatcher, regexMatcher } from './match-path.js'
import { BODY_FIELDS, JSON_PATH_FIELDS, REQUEST_FIELDS } from './stub-fields.js'
import { checkKeys, compileRegex, type FieldPath, isRecord, type Problems } from './validation.js'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']

/** The compiled request part of a stub. */
export interface CompiledRequest {
  readonly methods: readonly string[] | undefined
  readonly path: PathMatcher
  readonly query: readonly CompiledValueMatcher[]
  readonly headers: readonly CompiledValueMatcher[]
  readonly body: readonly CompiledBodyMatcher[]
}

/** Compiles a stub's `request`; problems go to `problems` at `at`. */
export function compileRequest(raw: unknown, at: FieldPath, problems: Problems): CompiledRequest {
  const request = raw === undefined ? {} : raw
  if (!isRecord(request)) {
    problems.add(at, 'must be an object with method, path, query, headers or body')
    return { methods: undefined, path: compilePath(undefined), query: [], headers: [], body: [] }
  }
  checkKeys(request, REQUEST_FIELDS, at, problems)
  return {
    methods: compileMethods(request['method'], [...at, 'method'], problems),
    path: compileRequestPath(request, at, problems),
    query: compileValueMatchers(request['query'], [...at, 'query'], problems, false),
    headers: compileValueMatchers(request['headers'], [...at, 'headers'], problems, true),
    body: compileBody(request['body'], [...at, 'body'], problems),
  }
}

function compileMethods(raw: unknown, at: FieldPath, problems: Problems): readonly string[] | undefined {
  if (raw === undefined) return undefined
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined
  if (list === undefined || !list.every((m) => typeof m === 'string')) {
    problems.add(at, 'must be a method name or a list of them')
    return undefined
  }
  const methods = (list as string[]).map((m) => m.toUpperCase())
  if (methods.includes('ANY')) return undefined
  for (const m of methods) {
    if (!METHODS.includes(m))
      problems.add(at, `unknown method "${m}"; use one of ${METHODS.join(', ')} or ANY`)
  }
  return methods
}

function compileRequestPath(
  request: Record<string, unknown>,
  at: FieldPath,
  problems: Problems,
): PathMatcher {
  const path = request['path']
  const pathMatches = request['pathMatches']
  if (path !== undefined && pathMatches !== undefined) {
    problems.add([...at, 'pathMatches'], 'give either path or pathMatches, not both')
  }
  if (pathMatches !== undefined) {
    const regex = compileRegex(pathMatches, [...at, 'pathMatches'], problems)
    return regex === undefined ? compilePath(undefined) : regexMatcher(regex)
  }
  if (path instanceof RegExp) return regexMatcher(path)
  if (path === undefined) return compilePath(undefined)
  if (typeof path !== 'string' || !path.startsWith('/')) {
    problems.add([...at, 'path'], 'must be a string starting with "/" (exact, or a template like /users/:id)')
    return compilePath(undefined)
  }
  if (path.includes('?')) {
    problems.add([...at, 'path'], 'must not contain a query string; match it with request.query')
  }
  return compilePath(path)
}

function compileValueMatchers(
  raw: unknown,
  at: FieldPath,
  problems: Problems,
  lowerCase: boolean,
): CompiledValueMatcher[] {
  if (raw === undefined) return []
  if (!isRecord(raw)) {
    problems.add(at, 'must be an object of name: matcher')
    return []
  }
  const out: CompiledValueMatcher[] = []
  for (const [name, spec] of Object.entries(raw)) {
    const key = lowerCase ? name.toLowerCase() : name
    const test = compileValueMatcher(spec, [...at, name], problems)
    if (test !== undefined) out.push({ name: key, test: (v) => test(v, key) })
  }
  return out
}

type ValueTest = (value: string | undefined, name: string) => string | undefined

/** Compiles one value matcher (a string means "equals"). */
export function compileValueMatcher(spec: unknown, at: FieldPath, problems: Problems): ValueTest | undefined {
  if (typeof spec === 'string' || typeof spec === 'number' || typeof spec === 'boolean') {
    const expected = String(spec)
    return (v, name) =>
      v === expected
        ? undefined
        : v === undefined
          ? `${name}: missing (expected "${expected}")`
          : `${name}: expected "${expected}", got "${v}"`
  }
  if (!isRecord(spec) || Object.keys(spec).length !== 1) {
    problems.add(
      at,
      'must be a string, or one of { equals }, { contains }, { matches }, { absent: true }, { present: true }',
    )
    return undefined
  }
  const [op, operand] = Object.entries(spec)[0] as [string, unknown]
  switch (op) {
    case 'equals':
    case 'contains': {
      if (typeof operand !== 'string') {
        problems.add([...at, op], 'must be a string')
        return undefined
      }
      const ok = op === 'equals' ? (v: string) => v === operand : (v: string) => v.includes(operand)
      return (v, name) =>
        v !== undefined && ok(v)
          ? undefined
          : `${name}: expected to ${op === 'equals' ? 'equal' : 'contain'} "${operand}", got ${v === undefined ? 'nothing' : `"${v}"`}`
    }
    case 'matches': {
      const regex = compileRegex(operand, [...at, op], problems)
      if (regex === undefined) return undefined
      return (v, name) =>
        v !== undefined && regex.test(v)
          ? undefined
          : `${name}: expected to match /${regex.source}/, got ${v === undefined ? 'nothing' : `"${v}"`}`
    }
    case 'absent':
    case 'present':
      if (operand !== true) {
        problems.add([...at, op], 'must be true')
        return undefined
      }
      return op === 'absent'
        ? (v, name) => (v === undefined ? undefined : `${name}: expected absent, got "${v}"`)
        : (v, name) => (v !== undefined ? undefined : `${name}: missing`)
    default:
      problems.add([...at, op], `unknown matcher "${op}"; use equals, contains, matches, absent or present`)
      return undefined
  }
}

function compileBody(raw: unknown, at: FieldPath, problems: Problems): CompiledBodyMatcher[] {
  if (raw === undefined) return []
  if (!isRecord(raw)) {
    problems.add(
      at,
      'must be an object with equalsJson, includesJson, jsonPath, form, matches, equals or contains',
    )
    return []
  }
  checkKeys(raw, BODY_FIELDS, at, problems)
  const out: CompiledBodyMatcher[] = []
  for (const mode of ['equalsJson', 'includesJson'] as const) {
    if (!(mode in raw)) continue
    const expected = raw[mode]
    const kind = mode === 'equalsJson' ? 'exact' : 'partial'
    out.push({
      test: (_raw, json) =>
        json === undefined ? 'body: not JSON' : prefix(jsonDifference(expected, json, kind)),
    })
  }
  if (raw['jsonPath'] !== undefined) {
    const list = Array.isArray(raw['jsonPath']) ? raw['jsonPath'] : [raw['jsonPath']]
    list.forEach((spec, i) => {
      const where = Array.isArray(raw['jsonPath']) ? [...at, 'jsonPath', i] : [...at, 'jsonPath']
      const m = compileJsonPathMatcher(spec, where, problems)
      if (m !== undefined) out.push(m)
    })
  }
  if (raw['form'] !== undefined) {
    // Form-encoded bodies (OAuth token requests): each field is a value matcher.
    const fields = compileValueMatchers(raw['form'], [...at, 'form'], problems, false)
    out.push({
      test(body) {
        const form = new URLSearchParams(body)
        for (const f of fields) {
          const why = f.test(form.get(f.name) ?? undefined)
          if (why !== undefined) return `body form ${why}`
        }
        return undefined
      },
    })
  }
  if (raw['matches'] !== undefined) {
    const regex = compileRegex(raw['matches'], [...at, 'matches'], problems)
    if (regex !== undefined)
      out.push({ test: (body) => (regex.test(body) ? undefined : `body: does not match /${regex.source}/`) })
  }
  for (const op of ['equals', 'contains'] as const) {
    const text = raw[op]
    if (text === undefined) continue
    if (typeof text !== 'string') {
      problems.add([...at, op], 'must be a string')
      continue
    }
    out.push({
      test: (body) =>
        (op === 'equals' ? body === text : body.includes(text))
          ? undefined
          : `body: expected to ${op === 'equals' ? 'equal' : 'contain'} "${text.slice(0, 40)}"`,
    })
  }
  return out
}

function compileJsonPathMatcher(
  spec: unknown,
  at: FieldPath,
  problems: Problems,
): CompiledBodyMatcher | undefined {
  if (!isRecord(spec) || typeof spec['path'] !== 'string') {
    problems.add(at, 'must be { path: "$.field", equals? | matches? | exists? }')
    return undefined
  }
  checkKeys(spec, JSON_PATH_FIELDS, at, problems)
  let path: ReturnType<typeof compileJsonPath>
  try {
    path = compileJsonPath(spec['path'])
  } catch (err) {
    problems.add([...at, 'path'], (err as Error).message)
    return undefined
  }
  const regex =
    spec['matches'] === undefined ? undefined : compileRegex(spec['matches'], [...at, 'matches'], problems)
  const hasEquals = 'equals' in spec
  const exists = spec['exists'] ?? true
  if (typeof exists !== 'boolean') problems.add([...at, 'exists'], 'must be true or false')
  const p = spec['path']
  return {
    test(_raw, json) {
      if (json === undefined) return `body: not JSON (needed for ${p})`
      const values = path.select(json)
      if (exists === false) return values.length === 0 ? undefined : `body ${p}: expected absent`
      if (values.length === 0) return `body ${p}: not found`
      if (hasEquals && !values.some((v) => jsonDifference(spec['equals'], v, 'exact') === undefined)) {
        return `body ${p}: expected ${JSON.stringify(spec['equals'])}, got ${JSON.stringify(values[0])}`
      }
      if (
        regex !== undefined &&
        !values.some((v) => regex.test(typeof v === 'string' ? v : JSON.stringify(v)))
      ) {
        return `body ${p}: expected to match /${regex.source}/, got ${JSON.stringify(values[0])}`
      }
      return undefined
    },
  }
}

function prefix(difference: string | undefined): string | undefined {
  return difference === undefined ? undefined : `body ${difference}`
}
