import type { ChildProcess } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { spawnGuarded } from '../../src/internal/guard-child.js'

/** Runs a guarded command to its end: exit code and what it wrote. */
async function finish(child: ChildProcess): Promise<{ code: number | null; out: string; err: string }> {
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => {
    out += d
  })
  child.stderr?.on('data', (d: Buffer) => {
    err += d
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { code, out, err }
}

describe('spawnGuarded', () => {
  it('runs the command with its arguments untouched, and passes its exit code through', async () => {
    const { child } = spawnGuarded('sh', ['-c', 'printf "[%s]" "$@"; exit 7', 'sh', 'a b', "c'd", '$HOME'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    expect(await finish(child)).toEqual({ code: 7, out: "[a b][c'd][$HOME]", err: '' })
  })

  it('names a command that is not on PATH, and exits 127', async () => {
    const { child } = spawnGuarded('no-such-command-pgt', ['x'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const { code, err } = await finish(child)
    expect(code).toBe(127)
    expect(err).toBe(
      'pgtestbed: failed to run no-such-command-pgt: command not found. Check the command name and PATH.\n',
    )
  })

  it('runs the command in its own process group, without the gate open in it', async () => {
    // The command's own pid leads the group (exec keeps the gate shell's pid); fd 3 is closed.
    const { child } = spawnGuarded(
      'sh',
      ['-c', 'cut -d" " -f5 /proc/$$/stat; test -e /proc/self/fd/3 && echo open; :'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const { code, out } = await finish(child)
    expect(code).toBe(0)
    expect(out.trim()).toBe(String(child.pid))
  })
})
