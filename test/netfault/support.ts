import pg from 'pg'

/** A pg client whose 'error' events are collected instead of crashing the worker. */
export interface WatchedClient {
  readonly client: pg.Client
  readonly errors: Error[]
}

/** Connects a pg client to `url`, collecting its 'error' events. */
export async function connectWatched(url: string, config: Omit<pg.ClientConfig, 'connectionString'> = {}) {
  const client = new pg.Client({ connectionString: url, ...config })
  const errors: Error[] = []
  client.on('error', (err) => errors.push(err))
  await client.connect()
  return { client, errors } satisfies WatchedClient
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn()
  } catch (err) {
    return err as Error & { code?: string }
  }
  throw new Error('expected an error, but the call succeeded')
}

/** A client that failed on purpose: end it without caring how. */
export async function endQuietly(client: pg.Client): Promise<void> {
  await client.end().catch(() => undefined)
}
