/**
 * Spawns `postgres` directly (no pg_ctl: it adds ~70 ms of polling) and waits until its log says
 * it is ready to accept connections.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EngineError } from '../../errors.js'
import { sleep } from '../../internal/process-alive.js'
import type { ServerUser } from './server-user.js'

const READY = 'database system is ready to accept connections'
const PORT_TAKEN = /could not bind|Address already in use|could not create any TCP\/IP sockets/

export interface SpawnOptions {
  readonly binDir: string
  readonly clusterDir: string
  readonly port: number
  readonly settings: Readonly<Record<string, string | number>>
  readonly user: ServerUser | undefined
  /** Survives this process (`pgtestbed up`): own session, no pipes to us. */
  readonly detached: boolean
  readonly timeoutMs?: number
}

/** The running postmaster; rejects with PGT_PORT_IN_USE when the port is taken. */
export async function spawnPostgres(options: SpawnOptions): Promise<ChildProcess> {
  const { clusterDir, port } = options
  const logFile = join(clusterDir, 'postgres.log')
  const log = openSync(logFile, 'a')
  const args = ['-D', join(clusterDir, 'data'), '-p', String(port), '-k', join(clusterDir, 'sock')]
  for (const [name, value] of Object.entries(options.settings)) args.push('-c', `${name}=${value}`)
  const child = spawn(join(options.binDir, 'postgres'), args, {
    stdio: ['ignore', log, log],
    detached: options.detached,
    ...(options.user === undefined ? {} : { uid: options.user.uid, gid: options.user.gid }),
  })
  closeSync(log)
  let exited: number | null | undefined
  child.once('exit', (code) => {
    exited = code
  })
  child.once('error', () => {
    exited = -1
  })
  if (options.detached) child.unref()

  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  let offset = 0
  let text = ''
  while (Date.now() < deadline) {
    if (existsSync(logFile)) {
      const all = readFileSync(logFile, 'utf8')
      text += all.slice(offset)
      offset = all.length
      if (text.includes(READY)) return child
    }
    if (exited !== undefined) break
    await sleep(5)
  }
  child.kill('SIGKILL')
  const tail = text.trim().split('\n').slice(-6).join('\n')
  if (PORT_TAKEN.test(text)) {
    throw new EngineError(
      'PGT_PORT_IN_USE',
      `Failed to start PostgreSQL on port ${port}: the port is in use. ` +
        'Pick another with embedded.port (PGTESTBED_PORT), or leave it unset for a free one.',
    )
  }
  throw new EngineError(
    'PGT_ENGINE_START',
    `Failed to start PostgreSQL (${options.binDir}/postgres): ${exited === undefined ? 'not ready after the timeout' : `it exited with code ${exited}`}. Server log:\n${tail}\n` +
      'Fix the setting the log names, or remove the cluster directory and try again.',
  )
}
