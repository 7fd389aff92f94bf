/**
 * `test` with one more fixture: `api(providers?)` starts the HTTP API on the test's own database.
 * It builds on pgtestbed's `db`, so vitest stops the API before pgtestbed drops the database.
 */
import { test as dbTest } from 'pgtestbed/vitest'
import { type App, startApp } from '../src/server.js'
import type { ProviderSettings } from '../src/settings.js'

export { expect } from 'pgtestbed/vitest'

type Answer = { status: number; body: Record<string, unknown> }

export interface Client {
  post(path: string, body: unknown): Promise<Answer>
  get(path: string): Promise<Answer>
  del(path: string): Promise<Answer>
}

/** Calendar endpoints nobody answers: tests of users without calendars never call them. */
const unreachable = {
  apiBase: 'http://127.0.0.1:9',
  tokenUrl: 'http://127.0.0.1:9',
  clientId: '',
  clientSecret: '',
}

export const test = dbTest.extend<{ api: (providers?: ProviderSettings) => Promise<Client> }>({
  api: async ({ db }, use) => {
    const apps: App[] = []
    await use(async (providers) => {
      // One connection: a test sends one request at a time, and each new connection costs ~10–50 ms.
      const app = await startApp(db.url, providers ?? { google: unreachable, microsoft: unreachable }, {
        poolSize: 1,
      })
      apps.push(app)
      return client(app.url)
    })
    for (const app of apps) await app.close()
  },
})

function client(base: string): Client {
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const res = await fetch(base + path, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    })
    const text = await res.text()
    return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) }
  }
  return {
    post: (path, body) => call('POST', path, body),
    get: (path) => call('GET', path),
    del: (path) => call('DELETE', path),
  }
}
