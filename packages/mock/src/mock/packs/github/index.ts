/**
 * The `github` pack: the slice of the GitHub REST API that updates an Actions repository secret —
 * `GET /repos/:owner/:repo/actions/secrets/public-key`, `PUT /repos/:owner/:repo/actions/secrets/:name`
 * (the sealed value must open with the repository key, else 422), `GET …/secrets/:name` (metadata).
 *
 * Scenario data: `{ token: ghp_test, repos: [owner/repo], secretKey: <base64 32 bytes> }` — all optional (any
 * token, any repository, a fresh key per repository). Test controls: `GET /__github/repos/:owner/:repo/key`
 * (the key pair, base64) and `GET /__github/repos/:owner/:repo/secrets/:name` (the stored sealed value and what
 * it opens to).
 * @module
 */
import { createHash } from 'node:crypto'
import { boxKeyPairFromSecretKey, createBoxKeyPair, openSealedBox } from '../../../oauth/index.js'
import type { MockPack, MockRequest, MockResponse, PackContext } from '../../pack.js'
import { asArray, asRecord, asString, matchPath } from '../shared/request-helpers.js'

interface RepoKey {
  readonly keyId: string
  readonly publicKey: Uint8Array
  readonly secretKey: Uint8Array
}
interface StoredSecret {
  readonly encryptedValue: string
  readonly keyId: string
  readonly value: string
  readonly createdAt: string
  readonly updatedAt: string
}
interface GithubState {
  readonly keys: Map<string, RepoKey>
  readonly secrets: Map<string, StoredSecret>
}

const DOCS = 'https://docs.github.com/rest/actions/secrets'
const githubError = (status: number, message: string): MockResponse => ({
  status,
  body: { message, documentation_url: DOCS, status: String(status) },
})

function stateOf(ctx: PackContext): GithubState {
  let state = ctx.state.get('github') as GithubState | undefined
  if (state === undefined) {
    state = { keys: new Map(), secrets: new Map() }
    ctx.state.set('github', state)
  }
  return state
}

function keyOf(ctx: PackContext, repo: string): RepoKey {
  const state = stateOf(ctx)
  let key = state.keys.get(repo)
  if (key === undefined) {
    const fixed = asString(asRecord(ctx.data)['secretKey'])
    const pair =
      fixed === undefined ? createBoxKeyPair() : boxKeyPairFromSecretKey(Buffer.from(fixed, 'base64'))
    const digest = createHash('sha256').update(pair.publicKey).digest()
    key = {
      keyId: digest.readBigUInt64BE(0).toString().slice(0, 18),
      publicKey: pair.publicKey,
      secretKey: pair.secretKey,
    }
    state.keys.set(repo, key)
  }
  return key
}

function authorize(req: MockRequest, ctx: PackContext): MockResponse | undefined {
  const match = /^(?:Bearer|token)\s+(\S+)$/i.exec(req.headers['authorization'] ?? '')
  if (match === null) return githubError(401, 'Requires authentication')
  const expected = asString(asRecord(ctx.data)['token'])
  if (expected !== undefined && match[1] !== expected) return githubError(401, 'Bad credentials')
  return undefined
}

/**
 * Creates the pack.
 *
 * @example
 * const mock = await startMockServer({ packs: ['github'] })
 */
export function createGithubPack(): MockPack {
  function handle(req: MockRequest, ctx: PackContext): MockResponse | undefined {
    const control =
      matchPath('/__github/repos/:owner/:repo/key', req.path) ??
      matchPath('/__github/repos/:owner/:repo/secrets/:name', req.path)
    if (control !== undefined && req.method === 'GET') return testControl(ctx, control)
    const publicKey = matchPath('/repos/:owner/:repo/actions/secrets/public-key', req.path)
    const secret =
      publicKey === undefined ? matchPath('/repos/:owner/:repo/actions/secrets/:name', req.path) : undefined
    const params = publicKey ?? secret
    if (params === undefined) return undefined
    const refused = authorize(req, ctx)
    if (refused !== undefined) return refused
    const repo = `${params['owner']}/${params['repo']}`
    const repos = asArray(asRecord(ctx.data)['repos'])
    if (repos.length > 0 && !repos.includes(repo)) return githubError(404, 'Not Found')
    const key = keyOf(ctx, repo)
    if (publicKey !== undefined && req.method === 'GET') {
      return { status: 200, body: { key_id: key.keyId, key: Buffer.from(key.publicKey).toString('base64') } }
    }
    if (secret === undefined) return undefined
    const name = secret['name']!
    const id = `${repo}/${name.toUpperCase()}`
    const stored = stateOf(ctx).secrets.get(id)
    if (req.method === 'GET') {
      return stored === undefined
        ? githubError(404, 'Not Found')
        : {
            status: 200,
            body: { name: name.toUpperCase(), created_at: stored.createdAt, updated_at: stored.updatedAt },
          }
    }
    if (req.method !== 'PUT') return undefined
    return putSecret(req, ctx, key, id, stored)
  }
  return { name: 'github', handle }
}

function putSecret(
  req: MockRequest,
  ctx: PackContext,
  key: RepoKey,
  id: string,
  stored: StoredSecret | undefined,
): MockResponse {
  const name = id.slice(id.lastIndexOf('/') + 1)
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith('GITHUB_')) {
    return githubError(
      422,
      'Secret names can only contain alphanumeric characters or underscores, must not start with a number or GITHUB_.',
    )
  }
  const body = asRecord(req.json)
  const encrypted = asString(body['encrypted_value'])
  const keyId = asString(body['key_id'])
  if (encrypted === undefined || keyId === undefined) {
    return githubError(
      422,
      `Invalid request.\n\n"${encrypted === undefined ? 'encrypted_value' : 'key_id'}" wasn't supplied.`,
    )
  }
  if (keyId !== key.keyId)
    return githubError(422, 'Invalid request.\n\nkey_id does not match the repository public key.')
  const opened = openSealedBox(Buffer.from(encrypted, 'base64'), key.publicKey, key.secretKey)
  if (opened === undefined)
    return githubError(
      422,
      'Invalid request.\n\nencrypted_value is not a sealed box for the repository public key.',
    )
  const now = ctx
    .now()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
  stateOf(ctx).secrets.set(id, {
    encryptedValue: encrypted,
    keyId,
    value: Buffer.from(opened).toString('utf8'),
    createdAt: stored?.createdAt ?? now,
    updatedAt: now,
  })
  return stored === undefined ? { status: 201, body: {} } : { status: 204 }
}

function testControl(ctx: PackContext, params: Record<string, string>): MockResponse {
  const repo = `${params['owner']}/${params['repo']}`
  if (params['name'] === undefined) {
    const key = keyOf(ctx, repo)
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
    return {
      status: 200,
      body: { key_id: key.keyId, public_key: b64(key.publicKey), secret_key: b64(key.secretKey) },
    }
  }
  const stored = stateOf(ctx).secrets.get(`${repo}/${params['name'].toUpperCase()}`)
  if (stored === undefined) return githubError(404, 'Not Found')
  return {
    status: 200,
    body: {
      encrypted_value: stored.encryptedValue,
      key_id: stored.keyId,
      value: stored.value,
      updated_at: stored.updatedAt,
    },
  }
}
