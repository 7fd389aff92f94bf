import { mkdtempSync, rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { wrapDatabase } from '../../src/integrations/shared/test-database.js'
import { attachRun } from '../../src/pool/attach-run.js'
import { createTestbed, type Testbed } from '../../src/public/index.js'
import { tempProject } from '../support/temp-project.js'

// On an embedded cluster, the pool's own sessions (the warmed connection a test's db.query uses)
// connect over the cluster's owner-only socket; the URL handed to the test stays on loopback,
// for whatever the test gives it to.
const project = tempProject({ 'migrations/001_notes.sql': 'CREATE TABLE notes (id serial PRIMARY KEY);' })
const dataRoot = mkdtempSync('/dev/shm/pgt-socket-')
let bed: Testbed
beforeAll(async () => {
  bed = await createTestbed(
    { engine: 'embedded', pool: { size: 1 }, embedded: { dataRoot } },
    { cwd: project.dir, log: () => undefined },
  )
})
afterAll(async () => {
  await bed?.close()
  project.remove()
  rmSync(dataRoot, { recursive: true, force: true })
})

async function clientAddress(acquire: () => ReturnType<Testbed['acquire']>) {
  const wrapped = wrapDatabase(await acquire())
  const { rows } = await wrapped.db.query<{ addr: string | null }>('SELECT inet_client_addr()::text AS addr')
  const url = new URL(wrapped.db.url)
  await wrapped.finish('passed')
  return { addr: rows[0]?.addr, urlHost: url.hostname, urlSocket: url.searchParams.get('host') }
}

describe('the pool’s own sessions on an embedded cluster', () => {
  it('go over the socket in the process that prepared the run, and in a test file’s process', async () => {
    expect(bed.handoff.socketUrl).toBeDefined()
    const expected = { addr: null, urlHost: '127.0.0.1', urlSocket: null }
    expect(await clientAddress(() => bed.acquire())).toEqual(expected)
    const worker = await attachRun(bed.handoff)
    try {
      expect(await clientAddress(() => worker.acquire())).toEqual(expected)
    } finally {
      await worker.close()
    }
  })
})
