import { spawn } from 'node:child_process'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { query } from './query.js'
import { serverUrl } from './scratch-database.js'

/** A folder of examples/, by name. */
export function exampleDir(name: string): string {
  return fileURLToPath(new URL(`../../examples/${name}`, import.meta.url))
}

export interface ExampleRun {
  code: number | null
  out: string
  runId: string
}

/**
 * Runs one of an example README's commands in its folder, as a reader would, on the test run's
 * shared cluster (engine `url`, a run id of its own). PATH starts with this Node (the READMEs say
 * `node`/`npx`) and Debian's /usr/bin (`python3` with the python3-* packages, not a pyenv shim).
 */
export async function runExampleCommand(name: string, argv: readonly string[]): Promise<ExampleRun> {
  const runId = `r${Math.random().toString(36).slice(2, 10)}`
  const [command, ...args] = argv
  const child = spawn(command ?? '', args, {
    cwd: exampleDir(name),
    env: {
      PATH: `${dirname(process.execPath)}:/usr/bin:${process.env['PATH'] ?? ''}`,
      HOME: process.env['HOME'],
      PYTHONDONTWRITEBYTECODE: '1',
      PGTESTBED_ENGINE: 'url',
      DATABASE_URL: serverUrl(),
      PGTESTBED_RUN_ID: runId,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const collect = (d: Buffer) => {
    out += d.toString()
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { code, out, runId }
}

/** The databases a run left on the shared cluster (none after a clean run). */
export async function databasesLeftBy(runId: string): Promise<string[]> {
  const rows = await query<{ d: string }>(
    serverUrl(),
    `SELECT datname AS d FROM pg_database WHERE datname LIKE 'pgt\\_${runId}\\_%'`,
  )
  return rows.map((r) => r.d)
}
