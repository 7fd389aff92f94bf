/**
 * `lintFactories()`: like FactoryBot.lint — builds and inserts a few rows for every table inside
 * a transaction that is rolled back, and lists the tables the factories cannot fill without
 * overrides (a CHECK they do not understand, a trigger that refuses the row, …).
 * @module
 */
import type pg from 'pg'
import { messageOf } from '../errors.js'
import { createFactories, type FactoriesOptions } from './create-factories.js'

/** The outcome for one table. */
export interface FactoryLintResult {
  readonly table: string
  readonly ok: boolean
  /** Why the rows were refused, with the fix. */
  readonly message?: string
}

/**
 * Checks every table (or the given ones); the database is left as it was.
 *
 * @example
 * const failing = (await lintFactories(client)).filter((r) => !r.ok)
 */
export async function lintFactories(
  client: pg.Client,
  options: FactoriesOptions & { readonly tables?: readonly string[]; readonly rows?: number } = {},
): Promise<FactoryLintResult[]> {
  const results: FactoryLintResult[] = []
  await client.query('BEGIN')
  try {
    const f = await createFactories(client, options)
    const tables =
      options.tables ??
      f.model.tables.filter((t) => t.partitionOf === null).map((t) => `${t.schema}.${t.name}`)
    for (const table of tables) {
      await client.query('SAVEPOINT pgt_factory_lint')
      try {
        await f.create(table, options.rows ?? 3)
        results.push({ table, ok: true })
      } catch (err) {
        results.push({ table, ok: false, message: messageOf(err) })
      }
      await client.query('ROLLBACK TO SAVEPOINT pgt_factory_lint')
    }
  } finally {
    await client.query('ROLLBACK')
  }
  return results
}
