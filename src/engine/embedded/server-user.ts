/**
 * PostgreSQL refuses to run as root. When we are root, the server runs as an unprivileged user:
 * `postgres` where it exists, else `nobody`.
 * @module
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { digest } from '../../internal/hash.js'
import { cacheHome } from './fetch-binaries.js'

/** The uid/gid to run the server as, or undefined to run as ourselves. */
export interface ServerUser {
  readonly name: string
  readonly uid: number
  readonly gid: number
}

/** Undefined when not root (the server runs as the current user). */
export function serverUser(): ServerUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined
  let passwd = ''
  try {
    passwd = readFileSync('/etc/passwd', 'utf8')
  } catch {
    // no passwd file: fall through to nobody's usual ids
  }
  for (const name of ['postgres', 'nobody']) {
    const line = passwd.split('\n').find((l) => l.startsWith(`${name}:`))
    if (line === undefined) continue
    const [, , uid, gid] = line.split(':')
    return { name, uid: Number(uid), gid: Number(gid) }
  }
  return { name: 'nobody', uid: 65534, gid: 65534 }
}

/**
 * Whether `user` can run `file` (checked by running it as that user). A yes is kept (the run
 * costs 40–120 ms on a loaded machine, at every start as root), keyed by everything it depends
 * on: the user, the file, and the owner and mode of every directory on its path and of the
 * install's `lib`, so a changed permission asks again. A cache that cannot be written is skipped.
 */
export function canRun(
  file: string,
  user: ServerUser | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const key = reachKey(file, user)
  const kept = key === undefined ? undefined : join(cacheHome(env), 'runs-as', `${key}.ok`)
  try {
    if (kept !== undefined) {
      statSync(kept)
      return true
    }
  } catch {
    // not checked yet
  }
  if (!runs(file, user)) return false
  if (kept !== undefined) {
    try {
      mkdirSync(dirname(kept), { recursive: true, mode: 0o700 })
      writeFileSync(kept, '', { mode: 0o600 })
    } catch {
      // a read-only home: check again next time
    }
  }
  return true
}

/** What decides whether `user` reaches and runs `file`; undefined when something cannot be read. */
function reachKey(file: string, user: ServerUser | undefined): string | undefined {
  const parts: string[] = [String(user?.uid), String(user?.gid), file]
  try {
    const st = statSync(file)
    parts.push(
      String(st.ino),
      String(st.size),
      String(st.mtimeMs),
      String(st.mode),
      String(st.uid),
      String(st.gid),
    )
    const lib = join(dirname(dirname(file)), 'lib')
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const d = statSync(dir)
      parts.push(dir, String(d.mode), String(d.uid), String(d.gid))
      if (dir === dirname(dir)) break
    }
    const l = statSync(lib, { throwIfNoEntry: false })
    if (l !== undefined) parts.push(lib, String(l.mode), String(l.uid), String(l.gid))
  } catch {
    return undefined
  }
  return digest(parts)
}

function runs(file: string, user: ServerUser | undefined): boolean {
  try {
    execFileSync(file, ['--version'], {
      stdio: 'ignore',
      timeout: 10_000,
      ...(user === undefined ? {} : { uid: user.uid, gid: user.gid }),
    })
    return true
  } catch {
    return false
  }
}
