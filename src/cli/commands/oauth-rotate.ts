/**
 * `pgtestbed oauth rotate`: refresh an OAuth token, validate it, and print or store the refresh token (a file,
 * a GitHub Actions repository secret). Secrets may come from the environment instead of flags (flags show in
 * `ps` and shell history): PGTESTBED_OAUTH_CLIENT_SECRET, PGTESTBED_OAUTH_REFRESH_TOKEN, GITHUB_TOKEN.
 * @module
 */
import type { RotateOptions, RotationResult } from '@pgtestbed/mock/cli'
import { defineCommand, usageError } from '../command.js'
import { loadMockCli } from './mock-package.js'

const USAGE =
  'pgtestbed oauth rotate --token-url URL --client-id ID [--client-secret S] [--refresh-token T] [--scope S] ' +
  '[--client-auth body|basic] [--validate-url URL] [--write FILE] ' +
  '[--github-repo OWNER/REPO --github-secret NAME [--github-token T] [--github-api URL]]'

function text(values: Record<string, unknown>, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

function checkUrl(name: string, value: string): string {
  try {
    const url = new URL(value)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)')
    return value
  } catch {
    throw usageError(
      `Failed to read --${name}: "${value}" is not an http(s) URL. Pass a full URL such as https://oauth2.googleapis.com/token.`,
    )
  }
}

/**
 * Turns command-line values (and the environment) into rotation options; usage errors name the flag to fix.
 *
 * @example
 * rotateOptionsFrom({ 'token-url': 'https://oauth2.googleapis.com/token', 'client-id': 'app' }, process.env)
 */
export function rotateOptionsFrom(values: Record<string, unknown>, env: NodeJS.ProcessEnv): RotateOptions {
  const tokenUrl = text(values, 'token-url')
  const clientId = text(values, 'client-id')
  const refreshToken = text(values, 'refresh-token') ?? env['PGTESTBED_OAUTH_REFRESH_TOKEN']
  const clientSecret = text(values, 'client-secret') ?? env['PGTESTBED_OAUTH_CLIENT_SECRET']
  if (tokenUrl === undefined) throw usageError(`Missing --token-url. Usage: ${USAGE}`)
  if (clientId === undefined) throw usageError(`Missing --client-id. Usage: ${USAGE}`)
  if (refreshToken === undefined || refreshToken === '') {
    throw usageError('Missing the refresh token: pass --refresh-token or set PGTESTBED_OAUTH_REFRESH_TOKEN.')
  }
  const clientAuth = text(values, 'client-auth') ?? 'body'
  if (clientAuth !== 'body' && clientAuth !== 'basic')
    throw usageError(`Failed to read --client-auth: "${clientAuth}" is not body or basic.`)
  const repo = text(values, 'github-repo')
  const secret = text(values, 'github-secret')
  if ((repo === undefined) !== (secret === undefined)) {
    throw usageError(
      '--github-repo and --github-secret go together: pass both to update a GitHub Actions secret, or neither.',
    )
  }
  let github: RotateOptions['github']
  if (repo !== undefined && secret !== undefined) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(repo))
      throw usageError(`Failed to read --github-repo: "${repo}" is not OWNER/REPO.`)
    const token = text(values, 'github-token') ?? env['GITHUB_TOKEN']
    if (token === undefined || token === '')
      throw usageError('Missing the GitHub token: pass --github-token or set GITHUB_TOKEN.')
    const api = text(values, 'github-api')
    github = {
      repo,
      name: secret,
      token,
      ...(api !== undefined ? { apiUrl: checkUrl('github-api', api) } : {}),
    }
  }
  const validateUrl = text(values, 'validate-url')
  const scope = text(values, 'scope')
  const write = text(values, 'write')
  return {
    tokenUrl: checkUrl('token-url', tokenUrl),
    clientId,
    refreshToken,
    clientAuth,
    ...(clientSecret !== undefined && clientSecret !== '' ? { clientSecret } : {}),
    ...(scope !== undefined ? { scope } : {}),
    ...(validateUrl !== undefined ? { validateUrl: checkUrl('validate-url', validateUrl) } : {}),
    ...(write !== undefined ? { writeFile: write } : {}),
    ...(github !== undefined ? { github } : {}),
  }
}

/** The printable result: the token itself only when it is stored nowhere else (so it is not lost). */
function publicData(result: RotationResult, printToken: boolean) {
  const { refreshToken, ...rest } = result
  return { ok: result.validation?.ok !== false, ...rest, ...(printToken ? { refreshToken } : {}) }
}

/** What happened, for people (never the token). */
function summaryText(result: RotationResult): string {
  const summary = [`refreshed${result.rotated ? ' (the server rotated the refresh token)' : ''}`]
  if (result.validation !== undefined) {
    const { ok, url, status } = result.validation
    summary.push(`validation ${ok ? 'ok' : 'FAILED'}: GET ${url} → ${status}`)
  }
  if (result.wroteFile !== undefined) summary.push(`wrote ${result.wroteFile}`)
  if (result.github !== undefined) {
    summary.push(`GitHub secret ${result.github.secret} of ${result.github.repo} ${result.github.status}`)
  }
  if (!result.persisted && !result.rotated && result.validation?.ok === false) {
    summary.push('nothing stored (the old refresh token still works)')
  }
  return summary.join('\n')
}

/**
 * The `oauth rotate` command.
 *
 * @example
 * // pgtestbed oauth rotate --token-url https://oauth2.googleapis.com/token --client-id ID --write .secrets/refresh
 * await main(['oauth', 'rotate', '--token-url', url, '--client-id', 'ID', '--write', '.secrets/refresh'])
 */
export const oauthRotateCommand = defineCommand({
  name: ['oauth', 'rotate'],
  summary:
    'Refresh an OAuth token, validate it, print or store the refresh token (file, GitHub Actions secret)',
  options: {
    'token-url': { type: 'string', value: 'URL', description: 'The token endpoint (required)' },
    'client-id': { type: 'string', value: 'ID', description: 'The OAuth client id (required)' },
    'client-secret': {
      type: 'string',
      value: 'S',
      default: '$PGTESTBED_OAUTH_CLIENT_SECRET',
      description: 'The client secret',
    },
    'refresh-token': {
      type: 'string',
      value: 'T',
      default: '$PGTESTBED_OAUTH_REFRESH_TOKEN',
      description: 'The refresh token to use',
    },
    scope: { type: 'string', value: 'S', description: 'Scope to request' },
    'client-auth': {
      type: 'string',
      value: 'body|basic',
      default: 'body',
      description: 'How the client authenticates',
    },
    'validate-url': { type: 'string', value: 'URL', description: 'GET this URL with the new access token' },
    write: { type: 'string', value: 'FILE', description: 'Store the refresh token in FILE' },
    'github-repo': {
      type: 'string',
      value: 'OWNER/REPO',
      description: 'Store it as a GitHub Actions secret of this repository',
    },
    'github-secret': { type: 'string', value: 'NAME', description: 'The secret name (with --github-repo)' },
    'github-token': { type: 'string', value: 'T', default: '$GITHUB_TOKEN', description: 'GitHub token' },
    'github-api': {
      type: 'string',
      value: 'URL',
      default: 'https://api.github.com',
      description: 'GitHub API base URL',
    },
  },
  async run(args, io) {
    const options = rotateOptionsFrom(args.values, io.env)
    // OAuth rotation is part of @pgtestbed/mock, loaded only now.
    const { OAuthRotationError, rotateRefreshToken } = await loadMockCli('oauth rotate')
    try {
      const result = await rotateRefreshToken(options)
      const exitCode = result.validation?.ok === false ? 1 : 0
      if (options.writeFile !== undefined || options.github !== undefined) {
        return { data: publicData(result, false), human: summaryText(result), exitCode }
      }
      // Stdout-only mode: the token alone on stdout so `$(pgtestbed oauth rotate …)` captures it, the summary on
      // stderr. A token that failed validation and did not rotate is not printed: the old one is still the one.
      const printToken = result.rotated || exitCode === 0
      io.stderr.write(`${summaryText(result)}\n`)
      return { data: publicData(result, printToken), human: printToken ? result.refreshToken : '', exitCode }
    } catch (err) {
      if (!(err instanceof OAuthRotationError)) throw err
      io.stderr.write(`pgtestbed: ${err.message}\n`)
      const data = {
        ok: false,
        step: err.step,
        code: err.code,
        status: err.status,
        oauthError: err.oauthError,
        message: err.message,
      }
      return { data, human: `oauth rotate failed at the ${err.step} step`, exitCode: 1 }
    }
  },
})
