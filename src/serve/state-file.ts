/**
 * The state file of a running service: its URLs and secret, readable by the user only (0600),
 * so clients on this machine (the pytest plugin, a script) find the service without the secret
 * ever being printed.
 * @module
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/** What the state file holds. */
export interface ServeState {
  /** Base URL without the secret (send `Authorization: Bearer <token>`). */
  readonly url: string
  /** Base URL for IntegreSQL clients: the secret is in its path. */
  readonly integresqlUrl: string
  readonly token: string
  readonly pid: number
  /** The project's template. */
  readonly template: string
}

/** Writes `state` atomically with mode 0600; a `.pgtestbed/` folder gets a `.gitignore` of `*`. */
export async function writeStateFile(file: string, state: ServeState): Promise<void> {
  const dir = dirname(file)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  if (dir.endsWith('.pgtestbed')) await writeFile(join(dir, '.gitignore'), '*\n', { flag: 'w' })
  const temp = `${file}.${process.pid}.tmp`
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 })
  await chmod(temp, 0o600)
  await rename(temp, file)
}

/** Removes the state file when it still describes this service (another may have replaced it). */
export async function removeStateFile(file: string, token: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined) return
  try {
    if ((JSON.parse(text) as ServeState).token !== token) return
  } catch {
    return
  }
  await rm(file, { force: true })
}
