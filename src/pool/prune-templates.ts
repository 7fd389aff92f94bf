/**
 * Template leftovers no run would otherwise remove: `_build` databases of builds whose builder
 * died (a later build with the same inputs drops its own, but inputs usually change), and old
 * templates. Liveness is the server's advisory locks, as for clones: a builder holds its
 * template's build lock, and every process using a template holds that template's use lock
 * (shared), so nothing in use or being built is ever dropped, across hosts too.
 * @module
 */
import type pg from 'pg'
import { quoteIdent } from '../sql/core.js'
import { LOCK_SPACE, TRY_LOCK_SQL } from './liveness.js'

/** What a finished template's comment starts with; the build time follows. */
export const TEMPLATE_COMMENT = 'pgtestbed: template built '

/** The use lock's key text for a template. */
function useKey(template: string): string {
  return `use:${template}`
}

/** Marks `template` in use by this session until it ends (shared: many users at once). */
export async function holdTemplate(session: pg.ClientBase, template: string): Promise<void> {
  await session.query('SELECT pg_advisory_lock_shared($1, hashtext($2))', [LOCK_SPACE, useKey(template)])
}

/**
 * Drops unfinished templates whose builder is gone (nobody holds the template's build lock): a
 * `_build` database, or one renamed but never marked a template; returns their names.
 *
 * @example
 * await reapStaleBuilds(admin, 'pgt')
 */
export async function reapStaleBuilds(admin: pg.ClientBase, prefix: string): Promise<string[]> {
  const { rows } = await admin.query<{ name: string }>(
    `SELECT datname AS name FROM pg_database WHERE datname ~ $1 AND NOT datistemplate`,
    [`^${escapeRegExp(prefix)}_tpl_[0-9a-f]+(_build)?$`],
  )
  const dropped: string[] = []
  for (const { name } of rows) {
    const template = name.replace(/_build$/, '')
    // Holding the build lock while dropping: no build of it can start meanwhile.
    if (await withLock(admin, template, () => dropDatabase(admin, name))) dropped.push(name)
  }
  return dropped
}

/**
 * Keeps the `keep` newest templates of `prefix` (and `current`) and drops older ones that no
 * process uses; returns the names dropped.
 *
 * @example
 * await pruneTemplates(admin, { prefix: 'pgt', keep: 3, current: 'pgt_tpl_ab12' })
 */
export async function pruneTemplates(
  admin: pg.ClientBase,
  options: { readonly prefix: string; readonly keep: number; readonly current: string },
): Promise<string[]> {
  const { rows } = await admin.query<{ name: string }>(
    `SELECT datname AS name FROM pg_database
      WHERE datname ~ $1 AND datistemplate
      ORDER BY shobj_description(oid, 'pg_database') DESC NULLS LAST, oid DESC`,
    [`^${escapeRegExp(options.prefix)}_tpl_[0-9a-f]+$`],
  )
  const dropped: string[] = []
  for (const { name } of rows.slice(options.keep)) {
    if (name === options.current) continue
    const drop = async (): Promise<void> => {
      await admin.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE false`)
      await dropDatabase(admin, name)
    }
    if (await withLock(admin, useKey(name), drop)) dropped.push(name)
  }
  return dropped
}

/** Runs `work` holding the exclusive lock `key` when it is free; false when someone holds it. */
async function withLock(admin: pg.ClientBase, key: string, work: () => Promise<void>): Promise<boolean> {
  const { rows } = await admin.query<{ got: boolean }>(TRY_LOCK_SQL, [LOCK_SPACE, key])
  if (rows[0]?.got !== true) return false
  try {
    await work()
    return true
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, key])
  }
}

async function dropDatabase(admin: pg.ClientBase, name: string): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
