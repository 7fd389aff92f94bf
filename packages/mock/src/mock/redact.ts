/**
 * Redaction for recorded exchanges: secrets never reach stub files.
 * @module
 */

/** Field and parameter names whose values are secrets (case-insensitive, `-`/`_` ignored). */
const SECRET =
  /^(access_?token|refresh_?token|id_?token|token|client_?secret|secret|password|passwd|api_?key|key|code|code_?verifier|assertion|client_?assertion|authorization|cookie|set_?cookie|signature|sig|session|session_?id)$/i

/** The replacement text for a secret value. */
export const REDACTED = '[REDACTED]'

/** Whether a field, header or parameter name holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET.test(name.replace(/-/g, '_'))
}

/**
 * Replaces secret values anywhere in a JSON value.
 *
 * @example
 * redactJson({ access_token: 'ya29', scope: 'x' }) // { access_token: '[REDACTED]', scope: 'x' }
 */
export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        isSecretName(k) && v !== null && typeof v !== 'object' ? REDACTED : redactJson(v),
      ]),
    )
  }
  return typeof value === 'string' ? redactUrlParams(value) : value
}

/**
 * Redacts secret parameters inside URLs in a string, in the query or the fragment (`?api_key=…` →
 * `?api_key=[REDACTED]`, `#access_token=…` → `#access_token=[REDACTED]`).
 */
export function redactUrlParams(text: string): string {
  return text.replace(/([?&#])([\w-]+)=([^&\s"#]*)/g, (all, sep: string, name: string) =>
    isSecretName(name) ? `${sep}${name}=${REDACTED}` : all,
  )
}

/** Drops secret fields from a JSON value (for request matchers: match on everything else). */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !isSecretName(k))
        .map(([k, v]) => [k, withoutSecrets(v)]),
    )
  }
  return value
}

/** Redacts secret values in a form-encoded or plain text body. */
export function redactText(text: string, contentType: string | undefined): string {
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(text)
    for (const key of [...params.keys()]) if (isSecretName(key)) params.set(key, REDACTED)
    return params.toString()
  }
  // Bearer tokens and JWTs in free text.
  return redactUrlParams(text)
    .replace(/Bearer\s+[\w.~+/=-]+/g, `Bearer ${REDACTED}`)
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, REDACTED)
}
