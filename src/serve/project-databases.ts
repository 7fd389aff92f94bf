/**
 * pgtestbed's own short route: "a fresh database from this project's template" → its URL, and
 * giving it back (kept for inspection when the test failed and `onFailure` is `keep`).
 * @module
 */
import type { LeasedDatabase, Testbed } from '../pool/index.js'
import { HttpError } from './http-error.js'

/** What `POST /pgtestbed/v1/databases` answers. */
export interface HandedOut {
  readonly id: number
  readonly name: string
  readonly url: string
}

/** The project's databases handed out over HTTP, by id. */
export class ProjectDatabases {
  readonly #bed: Testbed
  readonly #leased = new Map<number, LeasedDatabase>()
  #nextId = 1

  constructor(bed: Testbed) {
    this.#bed = bed
  }

  async acquire(): Promise<HandedOut> {
    const db = await this.#bed.acquire()
    const id = this.#nextId++
    this.#leased.set(id, db)
    return { id, name: db.name, url: db.url }
  }

  /** Gives database `id` back; a failed test's is kept when the config says so. */
  async release(id: number, outcome: 'passed' | 'failed'): Promise<{ kept: boolean; name: string }> {
    const db = this.#leased.get(id)
    if (db === undefined) throw new HttpError(404, `database ${id} is not handed out`)
    this.#leased.delete(id)
    await db.release({ outcome })
    return { kept: outcome === 'failed' && this.#bed.config.onFailure === 'keep', name: db.name }
  }

  get leased(): number {
    return this.#leased.size
  }
}
