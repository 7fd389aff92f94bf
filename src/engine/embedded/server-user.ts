/**
 * PostgreSQL refuses to run as root. When we are root, the server runs as an unprivileged user:
 * `postgres` where it exists, else `nobody`.
 * @module
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

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

/** Whether `user` can run `file` (checked by running it as that user). */
export function canRun(file: string, user: ServerUser | undefined): boolean {
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
