import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sodium from 'libsodium-wrappers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type MockServer, startMockServer } from '../../packages/mock/src/mock/index.js'
import {
  OAuthRotationError,
  rotateRefreshToken,
  updateGithubSecret,
} from '../../packages/mock/src/oauth/index.js'
import { runCli } from './helpers.js'

const CLIENT = { clientId: 'ci-app', clientSecret: 'ci-secret' }
let mock: MockServer
let dir: string

beforeAll(async () => {
  await sodium.ready
  dir = await mkdtemp(join(tmpdir(), 'pgtestbed-rotate-'))
  mock = await startMockServer({
    packs: ['oauth2', 'google-calendar', 'github'],
    port: 0,
    packData: {
      oauth2: {
        default: {
          clients: [CLIENT],
          refreshTokens: [
            {
              token: 'r-google',
              clientId: 'ci-app',
              scope: 'openid https://www.googleapis.com/auth/calendar',
            },
            {
              token: 'r-narrow',
              clientId: 'ci-app',
              scope: 'openid https://www.googleapis.com/auth/calendar',
            },
            { token: 'r-cli', clientId: 'ci-app', scope: 'openid calendar' },
            { token: 'r-ms-1', clientId: 'ci-app', scope: 'openid calendar' },
            { token: 'r-ms-2', clientId: 'ci-app', scope: 'openid calendar' },
            { token: 'r-dead', clientId: 'ci-app', revoked: true },
          ],
        },
        // Strict rotation: the old refresh token is revoked on use (an option; neither provider does it by default).
        strict: {
          clients: [CLIENT],
          refreshTokenRotation: 'strict',
          refreshTokens: [{ token: 'r-ms-1', clientId: 'ci-app', scope: 'openid calendar' }],
        },
      },
      'google-calendar': { default: { calendars: { 'ci@example.com': { events: [] } } } },
      github: { default: { token: 'ghp_test', repos: ['acme/app'] } },
    },
  })
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

/** Reads the secret the GitHub pack stored and opens it with libsodium and the repository's private key. */
async function openStoredSecret(name: string): Promise<string> {
  const key = (await (await fetch(`${mock.url}/__github/repos/acme/app/key`)).json()) as Record<
    string,
    string
  >
  const stored = (await (
    await fetch(`${mock.url}/__github/repos/acme/app/secrets/${name}`)
  ).json()) as Record<string, string>
  const opened = sodium.crypto_box_seal_open(
    sodium.from_base64(stored['encrypted_value']!, sodium.base64_variants.ORIGINAL),
    sodium.from_base64(key['public_key']!, sodium.base64_variants.ORIGINAL),
    sodium.from_base64(key['secret_key']!, sodium.base64_variants.ORIGINAL),
  )
  return sodium.to_string(opened)
}

describe('rotateRefreshToken against the oauth2 + github packs', () => {
  it('refreshes at a strictly rotating (Microsoft-style) endpoint, validates, and stores the new token as a GitHub secret', async () => {
    const tokenUrl = `${mock.url}/__scenario/strict/common/oauth2/v2.0/token`
    const result = await rotateRefreshToken({
      tokenUrl,
      ...CLIENT,
      refreshToken: 'r-ms-1',
      validateUrl: `${mock.url}/__scenario/strict/userinfo`,
      github: { repo: 'acme/app', name: 'MS_REFRESH_TOKEN', token: 'ghp_test', apiUrl: mock.url },
    })
    expect(result).toMatchObject({ rotated: true, persisted: true, validation: { status: 200, ok: true } })
    expect(result.github).toEqual({ repo: 'acme/app', secret: 'MS_REFRESH_TOKEN', status: 'created' })
    expect(result.refreshToken).not.toBe('r-ms-1')
    expect(await openStoredSecret('MS_REFRESH_TOKEN')).toBe(result.refreshToken)
    // The old token is dead after rotation; the new one rotates again and updates the secret (204).
    await expect(
      rotateRefreshToken({
        tokenUrl,
        ...CLIENT,
        refreshToken: 'r-ms-1',
      }),
    ).rejects.toMatchObject({
      step: 'refresh',
      oauthError: 'invalid_grant',
    })
    const again = await rotateRefreshToken({
      tokenUrl,
      ...CLIENT,
      refreshToken: result.refreshToken,
      github: { repo: 'acme/app', name: 'MS_REFRESH_TOKEN', token: 'ghp_test', apiUrl: mock.url },
    })
    expect(again.github?.status).toBe('updated')
    expect(await openStoredSecret('MS_REFRESH_TOKEN')).toBe(again.refreshToken)
  })

  it('keeps a non-rotating (Google-style) token, and stores nothing when validation fails', async () => {
    const file = join(dir, 'google-token')
    const narrowed = await rotateRefreshToken({
      tokenUrl: `${mock.url}/token`,
      ...CLIENT,
      clientAuth: 'basic',
      refreshToken: 'r-narrow',
      scope: 'openid',
      validateUrl: `${mock.url}/calendar/v3/calendars/primary/events?maxResults=1`,
      writeFile: file,
    })
    // The access token lacks the calendar scope: the calendar API answers 403, nothing is written.
    expect(narrowed).toMatchObject({
      rotated: false,
      persisted: false,
      validation: { status: 403, ok: false },
      wroteFile: undefined,
    })
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' })

    const ok = await rotateRefreshToken({
      tokenUrl: `${mock.url}/token`,
      ...CLIENT,
      refreshToken: 'r-google',
      validateUrl: `${mock.url}/calendar/v3/calendars/primary/events?maxResults=1`,
      writeFile: file,
    })
    expect(ok).toMatchObject({
      rotated: false,
      refreshToken: 'r-google',
      persisted: true,
      validation: { ok: true },
    })
    expect(await readFile(file, 'utf8')).toBe('r-google\n')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })

  it('reports the failing step with the server error and a fix', async () => {
    const err = await rotateRefreshToken({
      tokenUrl: `${mock.url}/token`,
      ...CLIENT,
      refreshToken: 'r-dead',
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OAuthRotationError)
    expect((err as OAuthRotationError).message).toBe(
      `Failed to refresh the token at ${mock.url}/token: the server answered 400 invalid_grant: Token has been expired or revoked. The refresh token is expired, revoked or belongs to another client: sign in again to get a new one.`,
    )
    await expect(
      rotateRefreshToken({
        tokenUrl: `${mock.url}/token`,
        clientId: 'ci-app',
        clientSecret: 'wrong',
        refreshToken: 'r-google',
      }),
    ).rejects.toMatchObject({
      code: 'PGT_OAUTH_REFRESH',
      status: 401,
      oauthError: 'invalid_client',
    })
    await expect(
      updateGithubSecret({ repo: 'acme/app', name: 'X', value: 'v', token: 'wrong', apiUrl: mock.url }),
    ).rejects.toMatchObject({
      code: 'PGT_GITHUB_SECRET',
      status: 401,
      message: expect.stringContaining('Bad credentials'),
    })
    await expect(
      updateGithubSecret({ repo: 'acme/other', name: 'X', value: 'v', token: 'ghp_test', apiUrl: mock.url }),
    ).rejects.toMatchObject({ status: 404 })
    await expect(
      updateGithubSecret({
        repo: 'acme/app',
        name: 'GITHUB_X',
        value: 'v',
        token: 'ghp_test',
        apiUrl: mock.url,
      }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('must not start with a number or GITHUB_'),
    })
  })
})

describe('github pack refuses what GitHub refuses', () => {
  it('rejects a value not sealed for the repository key, and a stale key_id', async () => {
    const headers = { authorization: 'Bearer ghp_test', 'content-type': 'application/json' }
    const key = (await (
      await fetch(`${mock.url}/repos/acme/app/actions/secrets/public-key`, { headers })
    ).json()) as Record<string, string>
    const put = (body: unknown) =>
      fetch(`${mock.url}/repos/acme/app/actions/secrets/SOME_SECRET`, {
        method: 'PUT',
        headers,
        body: JSON.stringify(body),
      })
    const garbage = await put({
      encrypted_value: Buffer.from('not a box at all, not a box at all, not a box at all').toString('base64'),
      key_id: key['key_id'],
    })
    expect(garbage.status).toBe(422)
    const stale = await put({ encrypted_value: 'AAAA', key_id: '1' })
    expect(stale.status).toBe(422)
    expect(((await stale.json()) as { message: string }).message).toContain('key_id does not match')
  })
})

describe('pgtestbed oauth rotate (CLI)', () => {
  const base = () => ['oauth', 'rotate', '--token-url', `${mock.url}/token`, '--client-id', 'ci-app']

  it('prints only the refresh token on stdout when it is stored nowhere else; secrets can come from the environment', async () => {
    const run = await runCli([...base(), '--validate-url', `${mock.url}/userinfo`], {
      PGTESTBED_OAUTH_CLIENT_SECRET: 'ci-secret',
      PGTESTBED_OAUTH_REFRESH_TOKEN: 'r-cli',
    })
    expect(run).toMatchObject({ code: 0, stdout: 'r-cli\n' })
    expect(run.stderr).toContain(`validation ok: GET ${mock.url}/userinfo → 200`)
  })

  it('writes the file and the GitHub secret, and never prints the token then (--json)', async () => {
    const file = join(dir, 'cli-token')
    const run = await runCli(
      [
        ...[
          'oauth',
          'rotate',
          '--token-url',
          `${mock.url}/common/oauth2/v2.0/token`,
          '--client-id',
          'ci-app',
          '--client-secret',
          'ci-secret',
        ],
        ...['--refresh-token', 'r-ms-2', '--write', file, '--json'],
        ...['--github-repo', 'acme/app', '--github-secret', 'CLI_TOKEN', '--github-api', mock.url],
      ],
      { GITHUB_TOKEN: 'ghp_test' },
    )
    expect(run.code).toBe(0)
    const data = JSON.parse(run.stdout) as Record<string, unknown>
    expect(data).toMatchObject({
      ok: true,
      rotated: true,
      wroteFile: file,
      github: { secret: 'CLI_TOKEN', status: 'created' },
    })
    expect(data['refreshToken']).toBeUndefined()
    const written = (await readFile(file, 'utf8')).trim()
    expect(run.stdout).not.toContain(written)
    expect(await openStoredSecret('CLI_TOKEN')).toBe(written)
  })

  it('exits 1 when the refresh is refused or validation fails, 2 for usage errors', async () => {
    const refused = await runCli([...base(), '--client-secret', 'ci-secret', '--refresh-token', 'r-dead'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(
      'invalid_grant: Token has been expired or revoked. The refresh token is expired, revoked',
    )

    const invalid = await runCli([
      ...base(),
      ...['--client-secret', 'ci-secret', '--refresh-token', 'r-cli', '--scope', 'openid'],
      ...['--validate-url', `${mock.url}/calendar/v3/calendars/primary/events`],
    ])
    expect(invalid.code).toBe(1)
    expect(invalid.stdout.trim()).toBe('')
    expect(invalid.stderr).toContain(
      `validation FAILED: GET ${mock.url}/calendar/v3/calendars/primary/events → 403`,
    )
    expect(invalid.stderr).toContain('nothing stored (the old refresh token still works)')

    const usage = [
      [['oauth', 'rotate', '--client-id', 'x', '--refresh-token', 'r'], 'Missing --token-url'],
      [[...base()], 'Missing the refresh token: pass --refresh-token or set PGTESTBED_OAUTH_REFRESH_TOKEN.'],
      [
        ['oauth', 'rotate', '--token-url', 'not a url', '--client-id', 'x', '--refresh-token', 'r'],
        '"not a url" is not an http(s) URL',
      ],
      [
        [...base(), '--refresh-token', 'r', '--github-repo', 'acme/app'],
        '--github-repo and --github-secret go together',
      ],
      [
        [
          ...base(),
          '--refresh-token',
          'r',
          '--github-repo',
          'acme',
          '--github-secret',
          'S',
          '--github-token',
          't',
        ],
        '"acme" is not OWNER/REPO',
      ],
      [
        [...base(), '--refresh-token', 'r', '--github-repo', 'acme/app', '--github-secret', 'S'],
        'Missing the GitHub token',
      ],
      [[...base(), '--refresh-token', 'r', '--client-auth', 'jwt'], '"jwt" is not body or basic'],
    ] as const
    for (const [argv, message] of usage) {
      const run = await runCli(argv)
      expect({ code: run.code, hasMessage: run.stderr.includes(message) }, run.stderr).toEqual({
        code: 2,
        hasMessage: true,
      })
    }
  })
})
