/**
 * Validates and compiles a stub's response: status, headers, body (JSON, text, file), templates, delay.
 * @module
 */

import { readFileSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import type { CompiledResponse } from './compiled-stub.js'
import { RESPONSE_FIELDS } from './stub-fields.js'
import type { DelayDefinition } from './stub-model.js'
import { compileJsonTemplate, compileTemplate, type TemplateContext } from './template.js'
import { checkKeys, type FieldPath, isRecord, type Problems } from './validation.js'

const JSON_TYPE = 'application/json; charset=utf-8'
const TEXT_TYPE = 'text/plain; charset=utf-8'
const FILE_TYPES: Record<string, string> = {
  '.json': JSON_TYPE,
  '.txt': TEXT_TYPE,
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml',
  '.csv': 'text/csv',
  '.ics': 'text/calendar',
}

/** Compiles one response definition; `baseDir` resolves `file` bodies. */
export function compileResponse(
  raw: unknown,
  at: FieldPath,
  problems: Problems,
  baseDir: string,
): CompiledResponse | undefined {
  if (!isRecord(raw)) {
    problems.add(at, 'must be an object with status, headers and one of json, text, file or body')
    return undefined
  }
  checkKeys(raw, RESPONSE_FIELDS, at, problems)
  const before = problems.list.length
  const status = raw['status'] ?? 200
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    problems.add([...at, 'status'], 'must be an HTTP status code from 100 to 599')
  }
  const templated = raw['template'] ?? true
  if (typeof templated !== 'boolean') problems.add([...at, 'template'], 'must be true or false')
  const headers = compileHeaders(raw['headers'], [...at, 'headers'], problems, templated !== false)
  const delay = checkDelay(raw['delayMs'], [...at, 'delayMs'], problems)
  const bodyKeys = ['json', 'text', 'file', 'body'].filter((k) => raw[k] !== undefined)
  if (bodyKeys.length > 1)
    problems.add(
      [...at, bodyKeys[1] as string],
      `give only one of json, text, file or body (found ${bodyKeys.join(' and ')})`,
    )
  const body = compileBody(raw, bodyKeys[0], at, problems, baseDir, templated !== false)
  if (problems.list.length > before || body === undefined) return undefined
  return { status: status as number, headers, body: body.body, contentType: body.contentType, delay }
}

type CompiledBody = { body: CompiledResponse['body']; contentType: string | undefined }

function compileBody(
  raw: Record<string, unknown>,
  key: string | undefined,
  at: FieldPath,
  problems: Problems,
  baseDir: string,
  templated: boolean,
): CompiledBody | undefined {
  if (key === undefined) return { body: { kind: 'static', bytes: Buffer.alloc(0) }, contentType: undefined }
  const value = raw[key]
  const where = [...at, key]
  if (key === 'file') {
    if (typeof value !== 'string') {
      problems.add(where, 'must be a file path relative to the stub file')
      return undefined
    }
    const path = resolve(baseDir, value)
    let bytes: Buffer
    try {
      bytes = readFileSync(path)
    } catch (err) {
      problems.add(
        where,
        `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      )
      return undefined
    }
    const contentType = FILE_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
    // Files are sent as they are unless the stub asks for templating explicitly.
    if (raw['template'] === true)
      return { body: textBody(bytes.toString('utf8'), where, problems, true), contentType }
    return { body: { kind: 'static', bytes }, contentType }
  }
  if (key === 'text' || (key === 'body' && typeof value === 'string')) {
    if (typeof value !== 'string') {
      problems.add(where, 'must be a string')
      return undefined
    }
    return { body: textBody(value, where, problems, templated), contentType: TEXT_TYPE }
  }
  // json, or body with an object/array/number value.
  let render: ((ctx: TemplateContext) => unknown) | undefined
  try {
    render = templated ? compileJsonTemplate(value) : undefined
  } catch (err) {
    problems.add(where, (err as Error).message)
    return undefined
  }
  const body: CompiledResponse['body'] =
    render === undefined
      ? { kind: 'static', bytes: Buffer.from(JSON.stringify(value)) }
      : { kind: 'render', render: (ctx) => JSON.stringify(render(ctx)) }
  return { body, contentType: JSON_TYPE }
}

function textBody(
  text: string,
  at: FieldPath,
  problems: Problems,
  templated: boolean,
): CompiledResponse['body'] {
  if (!templated) return { kind: 'static', bytes: Buffer.from(text) }
  try {
    const t = compileTemplate(text)
    if (t.isStatic) return { kind: 'static', bytes: Buffer.from(text) }
    return { kind: 'render', render: (ctx) => String(t.render(ctx) ?? '') }
  } catch (err) {
    problems.add(at, (err as Error).message)
    return { kind: 'static', bytes: Buffer.alloc(0) }
  }
}

function compileHeaders(
  raw: unknown,
  at: FieldPath,
  problems: Problems,
  templated: boolean,
): CompiledResponse['headers'] {
  if (raw === undefined) return []
  if (!isRecord(raw)) {
    problems.add(at, 'must be an object of header: value')
    return []
  }
  const out: (readonly [string, (ctx: TemplateContext) => string])[] = []
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      problems.add([...at, name], 'must be a string')
      continue
    }
    const text = String(value)
    try {
      const t = templated ? compileTemplate(text) : undefined
      out.push([
        name.toLowerCase(),
        t === undefined || t.isStatic ? () => text : (ctx) => String(t.render(ctx) ?? ''),
      ])
    } catch (err) {
      problems.add([...at, name], (err as Error).message)
    }
  }
  return out
}

/** Validates a delay: a number of ms, or { min, max }. */
export function checkDelay(raw: unknown, at: FieldPath, problems: Problems): DelayDefinition | undefined {
  if (raw === undefined) return undefined
  if (typeof raw === 'number' && raw >= 0) return raw
  if (isRecord(raw)) {
    checkKeys(raw, ['min', 'max'], at, problems)
    const { min, max } = raw
    if (typeof min === 'number' && typeof max === 'number' && min >= 0 && max >= min) return { min, max }
  }
  problems.add(at, 'must be milliseconds (a number >= 0) or { min, max } with 0 <= min <= max')
  return undefined
}
