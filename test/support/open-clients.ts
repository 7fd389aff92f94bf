import pg from 'pg'

/**
 * Clients a test file opens and closes after each test: `connect(url)` opens one (a dropped
 * connection fails its query, not the process), `closeAll()` ends them all.
 */
export function openClients(): {
  readonly open: { end(): Promise<void> }[]
  connect(url: string): Promise<pg.Client>
  closeAll(): Promise<void>
} {
  const open: { end(): Promise<void> }[] = []
  return {
    open,
    async connect(url) {
      const client = new pg.Client({ connectionString: url })
      client.on('error', () => undefined)
      await client.connect()
      open.push(client)
      return client
    },
    async closeAll() {
      for (const c of open.splice(0)) await c.end().catch(() => undefined)
    },
  }
}
