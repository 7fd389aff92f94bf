/**
 * The `pglite` engine: PostgreSQL in this process (WASM), one PGlite instance per database,
 * reachable by any `pg` client through a loopback router (router.ts). For machines with no
 * PostgreSQL binaries, and for pgvector. One statement runs at a time per database.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EngineError, messageOf } from '../../errors.js'
import { loadParser } from '../../sql/index.js'
import type { StartedEngine } from '../engine.js'
import { Instances } from './instances.js'
import { type ImportModule, loadPglite } from './load-pglite.js'
import { startRouter } from './router.js'

/** Options of `startPglite`. */
export interface StartPgliteOptions {
  /** How the PGlite packages are imported (a seam for tests); default `import()`. */
  readonly load?: ImportModule
}

/**
 * Starts PGlite in this process behind a loopback URL with a random password.
 *
 * @example
 * await using engine = await startPglite()
 * const client = new pg.Client({ connectionString: engine.url })
 */
export async function startPglite(options: StartPgliteOptions = {}): Promise<StartedEngine> {
  const modules = await loadPglite(options.load)
  await loadParser()
  // mkdtemp makes the directory 0700: only this OS user reaches the instances' unix sockets.
  const dir = mkdtempSync(join(tmpdir(), 'pgtestbed-pglite-'))
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true })
  process.once('exit', removeDir)
  let instances: Instances | undefined
  try {
    instances = await Instances.start(modules, dir)
    const secret = randomBytes(18).toString('base64url')
    const router = await startRouter(instances, secret)
    const { rows } = await instances.admin.db.query<{ version: string; num: string }>(
      "SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num",
    )
    const running = instances
    let closing: Promise<void> | undefined
    const close = (): Promise<void> => {
      closing ??= (async () => {
        await router.close()
        await running.close()
        removeDir()
        process.off('exit', removeDir)
      })()
      return closing
    }
    return {
      kind: 'pglite',
      url: `postgresql://postgres:${secret}@127.0.0.1:${router.port}/postgres`,
      serverVersion: rows[0]?.version ?? '0',
      serverVersionNum: Number(rows[0]?.num ?? 0),
      owned: true,
      close,
      [Symbol.asyncDispose]: close,
    }
  } catch (err) {
    await instances?.close()
    removeDir()
    process.off('exit', removeDir)
    if (err instanceof EngineError) throw err
    throw new EngineError('PGT_ENGINE_START', `Failed to start the pglite engine: ${messageOf(err)}.`, {
      cause: err,
    })
  }
}
