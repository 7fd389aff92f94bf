/**
 * A second database that follows the round trip from behind, applying only ups: when a step
 * needs "the schema after the first k ups" (to explain a mismatch, or to resume after a broken
 * down), it is advanced to k instead of rebuilt from empty. Over a whole run it applies each up
 * at most once, so explaining and resuming after many failures costs O(n) ups, not O(n²).
 * @module
 */
import type { ScratchDatabase } from '../../sql/index.js'
import { applyScript } from '../../sql/index.js'
import type { HarnessContext } from './context.js'

/** A lazily made database holding the first `applied` ups. */
export class TrailingReference {
  #db: ScratchDatabase | undefined
  #applied = 0

  constructor(private readonly ctx: HarnessContext) {}

  /**
   * The reference database with exactly the first `count` ups applied (made, or advanced, on
   * demand). Asking for fewer ups than it already has starts a new one.
   */
  async at(count: number): Promise<ScratchDatabase> {
    if (this.#db !== undefined && this.#applied > count) await this.drop()
    this.#db ??= await this.ctx.newDatabase()
    for (const m of this.ctx.set.migrations.slice(this.#applied, count)) {
      await applyScript(this.#db.session, m, 'up', this.ctx.hooks)
      this.#applied++
    }
    return this.#db
  }

  /** Hands the database (at `count` ups) over to the caller; the next `at()` starts a new one. */
  async take(count: number): Promise<ScratchDatabase> {
    const db = await this.at(count)
    this.#db = undefined
    this.#applied = 0
    return db
  }

  async drop(): Promise<void> {
    const db = this.#db
    this.#db = undefined
    this.#applied = 0
    await db?.drop()
  }
}
