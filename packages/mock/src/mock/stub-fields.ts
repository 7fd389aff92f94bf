/**
 * The field names allowed at each level of a stub file: the validator rejects anything else,
 * and the JSON Schema is built from the same lists, so the two cannot drift apart.
 * @module
 */
export const FILE_FIELDS = ['scenario', 'faults', 'stubs', 'description'] as const
export const STUB_FIELDS = [
  'id',
  'priority',
  'scenario',
  'request',
  'response',
  'responses',
  'repeat',
  'times',
  'state',
  'faults',
  'description',
] as const
export const REQUEST_FIELDS = ['method', 'path', 'pathMatches', 'query', 'headers', 'body'] as const
export const BODY_FIELDS = [
  'equalsJson',
  'includesJson',
  'jsonPath',
  'form',
  'matches',
  'equals',
  'contains',
] as const
export const JSON_PATH_FIELDS = ['path', 'equals', 'matches', 'exists'] as const
export const RESPONSE_FIELDS = [
  'status',
  'headers',
  'json',
  'text',
  'file',
  'body',
  'template',
  'delayMs',
] as const
export const STATE_FIELDS = ['machine', 'is', 'next'] as const
export const FAULT_TRIGGER_FIELDS = ['kind', 'probability', 'seed', 'everyNth', 'times'] as const
/** Fields of each fault kind, besides the trigger fields. */
export const FAULT_FIELDS = {
  latency: ['ms', 'jitterMs'],
  'rate-limit': ['retryAfter', 'status', 'body'],
  'server-error': ['status', 'body'],
  'empty-response': [],
  'malformed-body': [],
  'connection-reset': [],
  'partial-body': ['bytes'],
  dribble: ['chunks', 'totalMs'],
} as const satisfies Record<string, readonly string[]>
