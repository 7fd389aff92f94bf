/**
 * Without the optional PGlite packages, the pglite engine says which command installs them;
 * the embedded engine falls back to pglite only when no binaries exist and pglite is there.
 */
import { expect, it } from 'vitest'
import type { StartedEngine } from '../../../src/engine/index.js'
import { loadPglite, pgliteInstalled, startPglite } from '../../../src/engine/pglite/index.js'
import { startEmbeddedOrPglite } from '../../../src/engine/start-engine.js'
import { EngineError } from '../../../src/errors.js'

const missing = (name: string): Promise<unknown> =>
  Promise.reject(new Error(`Cannot find package '${name}' imported from pgtestbed`))

it('names the npm install command when the packages are missing', async () => {
  const error = await startPglite({ load: missing }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(EngineError)
  expect((error as EngineError).code).toBe('PGT_ENGINE_START')
  expect((error as Error).message).toBe(
    "Failed to start the pglite engine: its packages are not installed (Cannot find package '@electric-sql/pglite' imported from pgtestbed). " +
      'Install them with: npm install -D @electric-sql/pglite@0.5.15 @electric-sql/pglite-socket@0.2.18 @electric-sql/pglite-pgvector@0.0.16',
  )
  expect(await pgliteInstalled(missing)).toBe(false)
})

it('loads the contrib extensions, and starts without pgvector when only that package is missing', async () => {
  const load = (name: string): Promise<unknown> => (name.endsWith('pgvector') ? missing(name) : import(name))
  const modules = await loadPglite(load)
  expect(Object.keys(modules.extensions)).toContain('btree_gist')
  expect(Object.keys(modules.extensions)).not.toContain('vector')
  expect(Object.keys((await loadPglite()).extensions)).toContain('vector')
})

const noBinaries = (): Promise<never> =>
  Promise.reject(new EngineError('PGT_NO_BINARIES', 'Failed to find PostgreSQL server binaries: none.'))
const fake = { kind: 'pglite' } as StartedEngine

it('falls back to pglite, saying so in one line, only when no binaries exist anywhere', async () => {
  const lines: string[] = []
  const started = await startEmbeddedOrPglite(
    {},
    { startEmbedded: noBinaries, startPglite: async () => fake, log: (l) => lines.push(l) },
  )
  expect(started).toBe(fake)
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^pgtestbed: no PostgreSQL binaries found .*using the pglite engine/)
})

it('keeps the binaries error when pglite is not installed, or binDir was given', async () => {
  const seams = { startEmbedded: noBinaries, startPglite: async () => fake, log: () => undefined }
  await expect(
    startEmbeddedOrPglite({}, { ...seams, pgliteInstalled: async () => false }),
  ).rejects.toMatchObject({
    code: 'PGT_NO_BINARIES',
  })
  await expect(startEmbeddedOrPglite({ binDir: '/nowhere' }, seams)).rejects.toMatchObject({
    code: 'PGT_NO_BINARIES',
  })
})
