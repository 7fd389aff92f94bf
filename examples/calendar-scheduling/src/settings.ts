/**
 * Where the app's calendar calls go, chosen by OAUTH_STRATEGY: `mock` (CI and the tests: the
 * pgtestbed mock server's Google, Microsoft and OAuth packs) or `real` (the providers, with the
 * team's test accounts, for the weekly integration run). Nothing else in the app knows which.
 */
export type OAuthStrategy = 'mock' | 'real'
export type Provider = 'google' | 'microsoft'

export interface ProviderEndpoint {
  /** Base of the API paths: https://www.googleapis.com, https://graph.microsoft.com or the mock. */
  readonly apiBase: string
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret: string
}

export type ProviderSettings = Readonly<Record<Provider, ProviderEndpoint>>

/** The secrets the real path needs (GitHub Actions secrets in CI; rotated monthly). */
export const REAL_SECRETS = [
  'GOOGLE_TEST_CLIENT_ID',
  'GOOGLE_TEST_CLIENT_SECRET',
  'GOOGLE_TEST_REFRESH_TOKEN',
  'MICROSOFT_TEST_CLIENT_ID',
  'MICROSOFT_TEST_CLIENT_SECRET',
  'MICROSOFT_TEST_REFRESH_TOKEN',
  // Not secret, but needed: getSchedule asks for a mailbox by address.
  'MICROSOFT_TEST_MAILBOX',
] as const

/** The OAuth client the mock scenarios declare (mock-scenarios/packs/oauth2/*.yaml). */
const MOCK_CLIENT = { clientId: 'calendar-app', clientSecret: 'calendar-secret' }

export function oauthStrategy(env: NodeJS.ProcessEnv): OAuthStrategy {
  const value = env['OAUTH_STRATEGY'] ?? 'mock'
  if (value !== 'mock' && value !== 'real')
    throw new Error(`OAUTH_STRATEGY is "${value}"; it must be "mock" or "real".`)
  return value
}

/** The names of the real path's secrets that are not set. */
export function missingSecrets(env: NodeJS.ProcessEnv): string[] {
  return REAL_SECRETS.filter((name) => !env[name])
}

/**
 * The endpoints for the strategy in `env`. Mock: everything under MOCK_CALENDAR_API_URL (a
 * `/__scenario/<id>` suffix puts every call, token refreshes included, in that scenario).
 */
export function providerSettings(env: NodeJS.ProcessEnv): ProviderSettings {
  if (oauthStrategy(env) === 'mock') {
    const base = env['MOCK_CALENDAR_API_URL']
    if (!base) throw new Error('OAUTH_STRATEGY=mock needs MOCK_CALENDAR_API_URL (the mock server).')
    return {
      google: { apiBase: base, tokenUrl: `${base}/token`, ...MOCK_CLIENT },
      microsoft: { apiBase: base, tokenUrl: `${base}/common/oauth2/v2.0/token`, ...MOCK_CLIENT },
    }
  }
  const missing = missingSecrets(env)
  if (missing.length > 0) throw new Error(`OAUTH_STRATEGY=real needs these secrets: ${missing.join(', ')}.`)
  return {
    google: {
      apiBase: 'https://www.googleapis.com',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      clientId: env['GOOGLE_TEST_CLIENT_ID']!,
      clientSecret: env['GOOGLE_TEST_CLIENT_SECRET']!,
    },
    microsoft: {
      apiBase: 'https://graph.microsoft.com',
      tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
      clientId: env['MICROSOFT_TEST_CLIENT_ID']!,
      clientSecret: env['MICROSOFT_TEST_CLIENT_SECRET']!,
    },
  }
}
