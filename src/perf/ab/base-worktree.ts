/**
 * The base side of `perf ab`: the base ref checked out in a temporary git worktree, its
 * dependencies installed (or the current node_modules linked when the lock file is the same),
 * and removed again whatever happens.
 * @module
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { PerfError } from '../perf-error.js'
import { makeAbDir, reapAbandonedAbDirs } from './temp-dirs.js'

const run = promisify(execFile)

/** How the base worktree gets its dependencies. */
export type InstallStep = 'auto' | 'none' | { readonly command: string }

/** A checked-out base: where to run the command, and how to remove it. */
export interface BaseWorktree {
  readonly commit: string
  /** The directory matching the current `cwd` inside the worktree. */
  readonly cwd: string
  /** What was done for dependencies: `symlink`, `npm ci`, `none` or the command. */
  readonly install: string
  remove(): Promise<void>
}

/**
 * Checks out `ref` of the repository around `cwd` in a temporary worktree.
 *
 * @example
 * const base = await checkoutBase({ cwd, ref: 'main', install: 'auto' })
 * try { ... } finally { await base.remove() }
 */
export async function checkoutBase(options: {
  cwd: string
  ref: string
  install: InstallStep
  signal?: AbortSignal
}): Promise<BaseWorktree> {
  const root = await git(options.cwd, ['rev-parse', '--show-toplevel']).catch(() => {
    throw new PerfError(
      'PGT_PERF_AB',
      `${options.cwd} is not inside a git repository: perf ab checks the base out with git. Run it in the project's repository.`,
    )
  })
  const commit = await git(options.cwd, [
    'rev-parse',
    '--verify',
    '--end-of-options',
    `${options.ref}^{commit}`,
  ]).catch(() => {
    throw new PerfError(
      'PGT_PERF_AB',
      `--base ${options.ref} is not a commit of this repository. Pass a branch, tag or commit (e.g. --base origin/main; fetch it first in a shallow CI clone).`,
    )
  })
  reapAbandonedAbDirs()
  const holder = makeAbDir('base')
  const dir = join(holder, 'base')
  let added = false
  const remove = async () => {
    if (added) await git(root, ['worktree', 'remove', '--force', dir]).catch(() => undefined)
    rmSync(holder, { recursive: true, force: true })
    await git(root, ['worktree', 'prune']).catch(() => undefined)
  }
  try {
    await git(root, ['worktree', 'prune']).catch(() => undefined)
    await git(root, ['worktree', 'add', '--detach', dir, commit])
    added = true
    const cwd = join(dir, relative(root, options.cwd))
    const install = await installDependencies(options.cwd, cwd, options.install, options.signal)
    return { commit, cwd, install, remove }
  } catch (err) {
    await remove()
    throw err
  }
}

async function installDependencies(
  current: string,
  base: string,
  step: InstallStep,
  signal: AbortSignal | undefined,
): Promise<string> {
  if (step === 'none') return 'none'
  const shell = (command: string) =>
    run('/bin/sh', ['-c', command], { cwd: base, maxBuffer: 64 << 20, ...(signal ? { signal } : {}) }).catch(
      (err: Error & { stderr?: string }) => {
        throw new PerfError(
          'PGT_PERF_AB',
          `Installing the base's dependencies with \`${command}\` failed: ${(err.stderr ?? err.message).trim().split('\n').slice(-5).join(' | ')}. Pass --install "<command>" or --install none.`,
        )
      },
    )
  if (typeof step === 'object') {
    await shell(step.command)
    return step.command
  }
  if (!existsSync(join(base, 'package.json'))) return 'none'
  if (existsSync(join(current, 'node_modules')) && sameDependencies(current, base)) {
    symlinkSync(join(current, 'node_modules'), join(base, 'node_modules'), 'dir')
    return 'symlink'
  }
  await shell('npm ci --no-audit --no-fund')
  return 'npm ci'
}

/** Same package-lock.json (or, with no lock file on either side, the same package.json). */
function sameDependencies(current: string, base: string): boolean {
  const read = (dir: string, name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8')
    } catch {
      return undefined
    }
  }
  const lock = [read(current, 'package-lock.json'), read(base, 'package-lock.json')]
  if (lock[0] !== undefined || lock[1] !== undefined) return lock[0] === lock[1]
  return read(current, 'package.json') === read(base, 'package.json')
}

async function git(cwd: string, args: string[]): Promise<string> {
  return (await run('git', args, { cwd })).stdout.trim()
}
