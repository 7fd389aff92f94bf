/**
 * A process shows it is alive by holding a session advisory lock named after its owner tag on
 * its admin connection. When the process dies, for any reason, the server drops the lock; the
 * reaper tries the lock to learn whether an owner is gone. This works across hosts sharing one
 * server, where pids mean nothing.
 * @module
 */
import type { Queryable } from '../internal/queryable.js'

/** First key of every pgtestbed advisory lock ('pgtb'), so we never collide with an app's. */
export const LOCK_SPACE = 0x70677462

/** Takes the liveness lock of `tag` on this session (held until the session ends). */
export async function holdLiveness(db: Queryable, tag: string): Promise<void> {
  await db.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_SPACE, tag])
}

/** Takes a shared hold on `tag`'s liveness (several processes may keep one owner alive). */
export async function holdSharedLiveness(db: Queryable, tag: string): Promise<void> {
  await db.query('SELECT pg_advisory_lock_shared($1, hashtext($2))', [LOCK_SPACE, tag])
}

/**
 * `pg_try_advisory_lock($1, hashtext($2))`, except on PGlite, where every connection shares one
 * session: a lock we can take there proves nothing about its holder, so it counts as held.
 */
export const TRY_LOCK_SQL =
  "SELECT CASE WHEN strpos(version(), 'PGlite') > 0 THEN false ELSE pg_try_advisory_lock($1, hashtext($2)) END AS got"

/** Whether the owner `tag` is alive (someone holds its lock). Leaves no lock behind. */
export async function isOwnerAlive(db: Queryable, tag: string): Promise<boolean> {
  const { rows } = await db.query<{ got: boolean }>(TRY_LOCK_SQL, [LOCK_SPACE, tag])
  if (rows[0]?.got !== true) return true
  await db.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, tag])
  return false
}
