/**
 * A JSON Schema (draft 2020-12) for stub files, for editors (`# yaml-language-server: $schema=…`)
 * and other tools. Built from the same field lists as the validator; the validator stays the
 * authority (it also checks regexes, JSONPath, templates and files, with file:line errors).
 * @module
 */
import { FAULT_KINDS } from './fault-model.js'
import {
  BODY_FIELDS,
  FAULT_FIELDS,
  FILE_FIELDS,
  JSON_PATH_FIELDS,
  REQUEST_FIELDS,
  RESPONSE_FIELDS,
  STATE_FIELDS,
  STUB_FIELDS,
} from './stub-fields.js'

type Schema = Record<string, unknown>

const str: Schema = { type: 'string' }
const strOrList: Schema = { oneOf: [str, { type: 'array', items: str, minItems: 1 }] }
const ms: Schema = { type: 'number', minimum: 0 }
const status: Schema = { type: 'integer', minimum: 100, maximum: 599 }
const valueMatcher: Schema = {
  oneOf: [
    { type: ['string', 'number', 'boolean'] },
    ...['equals', 'contains', 'matches'].map((op) => obj({ [op]: str }, [op])),
    obj({ absent: { const: true } }, ['absent']),
    obj({ present: { const: true } }, ['present']),
  ],
}

function obj(properties: Record<string, Schema>, required: string[] = []): Schema {
  return {
    type: 'object',
    properties,
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
  }
}

function fields<const K extends readonly string[]>(
  names: K,
  schemas: Record<K[number], Schema>,
): Record<string, Schema> {
  return Object.fromEntries(names.map((n: K[number]) => [n, schemas[n]]))
}

const jsonPath = obj(
  fields(JSON_PATH_FIELDS, {
    path: { type: 'string', pattern: '^\\$' },
    equals: {},
    matches: str,
    exists: { type: 'boolean' },
  }),
  ['path'],
)

const request = obj(
  fields(REQUEST_FIELDS, {
    method: strOrList,
    path: { type: 'string', pattern: '^/' },
    pathMatches: str,
    query: { type: 'object', additionalProperties: valueMatcher },
    headers: { type: 'object', additionalProperties: valueMatcher },
    body: obj(
      fields(BODY_FIELDS, {
        equalsJson: {},
        includesJson: {},
        jsonPath: { oneOf: [jsonPath, { type: 'array', items: jsonPath }] },
        form: { type: 'object', additionalProperties: valueMatcher },
        matches: str,
        equals: str,
        contains: str,
      }),
    ),
  }),
)

const response = obj(
  fields(RESPONSE_FIELDS, {
    status,
    headers: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
    json: {},
    text: str,
    file: str,
    body: {},
    template: { type: 'boolean' },
    delayMs: { oneOf: [ms, obj({ min: ms, max: ms }, ['min', 'max'])] },
  }),
)

const trigger: Record<string, Schema> = {
  probability: { type: 'number', minimum: 0, maximum: 1 },
  seed: { type: 'integer' },
  everyNth: { type: 'integer', minimum: 1 },
  times: { type: 'integer', minimum: 1 },
}
const faultFieldSchemas: Record<string, Schema> = {
  ms,
  jitterMs: ms,
  retryAfter: { type: 'integer', minimum: 0 },
  status,
  body: {},
  bytes: { type: 'integer', minimum: 0 },
  chunks: { type: 'integer', minimum: 1 },
  totalMs: ms,
}
const fault: Schema = {
  oneOf: FAULT_KINDS.map((kind) =>
    obj(
      {
        kind: { const: kind },
        ...trigger,
        ...Object.fromEntries(FAULT_FIELDS[kind].map((f: string) => [f, faultFieldSchemas[f] ?? {}])),
      },
      kind === 'latency' ? ['kind', 'ms'] : ['kind'],
    ),
  ),
}
const faults: Schema = { type: 'array', items: fault }
const scenarioName: Schema = { type: 'string', minLength: 1, pattern: '^[^#]+$' }

const stub = obj(
  fields(STUB_FIELDS, {
    id: { type: 'string', minLength: 1 },
    priority: { type: 'integer' },
    scenario: { oneOf: [scenarioName, { type: 'array', items: scenarioName, minItems: 1 }] },
    request,
    response,
    responses: { type: 'array', items: response, minItems: 1 },
    repeat: { enum: ['last', 'cycle'] },
    times: { type: 'integer', minimum: 1 },
    state: obj(fields(STATE_FIELDS, { machine: str, is: strOrList, next: str })),
    faults,
    description: str,
  }),
)

/**
 * The JSON Schema of a stub file: one stub, a list of stubs, or `{ scenario?, faults?, stubs }`.
 *
 * @example
 * writeFileSync('stub-file.schema.json', JSON.stringify(STUB_FILE_SCHEMA, null, 2))
 */
export const STUB_FILE_SCHEMA: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'pgtestbed mock stub file',
  oneOf: [
    { ...stub, anyOf: [{ required: ['response'] }, { required: ['responses'] }] },
    { type: 'array', items: stub },
    obj(
      fields(FILE_FIELDS, {
        scenario: scenarioName,
        faults,
        stubs: { type: 'array', items: stub },
        description: str,
      }),
    ),
  ],
}
