import { spawn } from 'node:child_process'
import { mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tempProject } from '../support/temp-project.js'

export const REPO = fileURLToPath(new URL('../..', import.meta.url))

/** A temp project that depends on this checkout of pgtestbed (node_modules/pgtestbed → repo) and vitest. */
export function runnerProject(files: Record<string, string>): { dir: string; remove(): void } {
  const project = tempProject({
    'package.json': '{ "name": "runner-project", "type": "module", "private": true }',
    'migrations/001_items.sql':
      "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);\nINSERT INTO items (name) VALUES ('seed-1'), ('seed-2');",
    ...files,
  })
  mkdirSync(join(project.dir, 'node_modules'))
  symlinkSync(REPO, join(project.dir, 'node_modules', 'pgtestbed'))
  // A user project has its own vitest; link ours so its config can import 'vitest/config'.
  symlinkSync(join(REPO, 'node_modules', 'vitest'), join(project.dir, 'node_modules', 'vitest'))
  return project
}

/** Runs a command to completion (bounded by `timeoutMs`), capturing its output. */
export function exec(
  cmd: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...options.env }
    // The outer vitest run's own variables must not leak into the runner under test.
    for (const key of Object.keys(env))
      if (key.startsWith('VITEST') || key === 'PGTESTBED_URL') delete env[key]
    const child = spawn(cmd, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString()
    })
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString()
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}
