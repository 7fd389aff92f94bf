/**
 * Choosing the pglite engine: in the config or with PGTESTBED_ENGINE; and the commands that
 * stand on a long-running server say plainly that pglite has none.
 */
import { expect, it } from 'vitest'
import { resolveConfig } from '../../../src/config/index.js'
import { startProjectServer } from '../../../src/engine/index.js'
import { serverStatus } from '../../../src/pool/manage.js'

it('is chosen by engine: "pglite" or PGTESTBED_ENGINE=pglite', async () => {
  expect((await resolveConfig({ config: { engine: 'pglite' }, env: {} })).engine).toBe('pglite')
  expect((await resolveConfig({ config: {}, env: { PGTESTBED_ENGINE: 'pglite' } })).engine).toBe('pglite')
})

it('refuses a long-running server (up, db new, fixtures load) and reports no status', async () => {
  const config = await resolveConfig({ config: { engine: 'pglite' }, env: {} })
  await expect(startProjectServer(config)).rejects.toMatchObject({
    code: 'PGT_USAGE',
    message:
      'Failed to start a long-running server: the pglite engine runs inside one process (each test run starts its own). ' +
      'Use engine "embedded" or "url" for `pgtestbed up`, `db new` and `fixtures load`.',
  })
  expect(await serverStatus(config)).toEqual({
    engine: 'pglite',
    running: false,
    url: undefined,
    serverVersion: undefined,
    databases: undefined,
    error: 'the pglite engine runs inside each test process; there is no server between runs',
  })
})
