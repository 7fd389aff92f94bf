/**
 * Updates a GitHub Actions repository secret through the REST API: get the repository public key, seal the
 * value to it, PUT it.
 * @module
 */
import { failure, messageOf } from '../errors.js'
import { type HttpOptions, jsonBody, send } from './http.js'
import { OAuthRotationError } from './oauth-error.js'
import { sealBox } from './sealed-box.js'

/** Which secret to set, and with what. */
export interface GithubSecretOptions extends HttpOptions {
  /** `owner/repo` */
  readonly repo: string
  readonly name: string
  readonly value: string
  /** A token allowed to write secrets (fine-grained: "Secrets" read and write). */
  readonly token: string
  /** Default `https://api.github.com` (GitHub Enterprise: `https://HOST/api/v3`). */
  readonly apiUrl?: string
}

/**
 * Seals and stores a repository secret; resolves to whether it was created or updated.
 *
 * @example
 * await updateGithubSecret({ repo: 'acme/app', name: 'GOOGLE_REFRESH_TOKEN', value, token: process.env.GITHUB_TOKEN! })
 */
export async function updateGithubSecret(
  options: GithubSecretOptions,
): Promise<{ readonly status: 'created' | 'updated'; readonly keyId: string }> {
  if (!/^[^/\s]+\/[^/\s]+$/.test(options.repo)) {
    throw new OAuthRotationError(
      'github',
      failure(
        `update the GitHub secret ${options.name}`,
        `"${options.repo}" is not owner/repo`,
        'Pass --github-repo OWNER/REPO.',
      ),
    )
  }
  const api = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '')
  const base = `${api}/repos/${options.repo}/actions/secrets`
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${options.token}`,
    'x-github-api-version': '2022-11-28',
    'user-agent': 'pgtestbed-oauth-rotate',
  }
  const what = `update the GitHub secret ${options.name} of ${options.repo}`
  const call = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await send(url, init, options)
    } catch (err) {
      throw new OAuthRotationError(
        'github',
        failure(what, messageOf(err), 'Check --github-api and the network.'),
        { cause: err },
      )
    }
  }
  const keyRes = await call(`${base}/public-key`, { headers })
  const key = await jsonBody(keyRes)
  if (!keyRes.ok || typeof key['key'] !== 'string' || typeof key['key_id'] !== 'string') {
    throw new OAuthRotationError(
      'github',
      failure(
        what,
        `reading the repository public key answered ${keyRes.status} ${String(key['message'] ?? '')}`.trim(),
        fixFor(keyRes.status),
      ),
      { status: keyRes.status },
    )
  }
  const sealed = sealBox(new TextEncoder().encode(options.value), Buffer.from(key['key'], 'base64'))
  const putRes = await call(`${base}/${encodeURIComponent(options.name)}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ encrypted_value: Buffer.from(sealed).toString('base64'), key_id: key['key_id'] }),
  })
  if (putRes.status !== 201 && putRes.status !== 204) {
    const body = await jsonBody(putRes)
    throw new OAuthRotationError(
      'github',
      failure(
        what,
        `the PUT answered ${putRes.status} ${String(body['message'] ?? '')}`.trim(),
        fixFor(putRes.status),
      ),
      {
        status: putRes.status,
      },
    )
  }
  return { status: putRes.status === 201 ? 'created' : 'updated', keyId: key['key_id'] }
}

function fixFor(status: number): string {
  if (status === 401) return 'Check --github-token (or GITHUB_TOKEN).'
  if (status === 403 || status === 404)
    return 'Check --github-repo and that the token may write Actions secrets of that repository.'
  if (status === 422)
    return 'Check --github-secret: letters, digits and underscores, not starting with GITHUB_ or a digit.'
  return 'Retry later.'
}
