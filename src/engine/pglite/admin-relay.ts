/**
 * The relay of a connection to the admin database. It reads the statements going in, and holds
 * back the server's CommandComplete of each CREATE / DROP / ALTER DATABASE until the instances
 * follow it: when the client hears "CREATE DATABASE", the new database's instance already
 * serves it.
 * @module
 */
import type { Socket } from 'node:net'
import { DATABASE_TAGS, type DatabaseChange, databaseChanges } from './database-changes.js'
import { STARTUP } from './transaction-guard.js'
import { cString, errorResponse, type Message } from './wire.js'

/** A database statement sent, and the request batch (Query or Sync) it belongs to. */
interface Pending {
  readonly change: DatabaseChange
  readonly batch: number
}

/** The two directions of an admin connection, as messages. */
export interface AdminRelay {
  /** Messages on their way to the server (call it with what is really sent). */
  sent(messages: readonly Message[]): void
  /** Messages from the server: written to `client`, each database statement's reply held back until followed. */
  received(messages: readonly Message[]): void
}

/**
 * Relays the server's replies to `client`, calling `follow` for each database statement the
 * server completed, before the client hears of it.
 *
 * @example
 * const relay = relayAdmin(client, (change) => instances.apply(change))
 */
export function relayAdmin(client: Socket, follow: (change: DatabaseChange) => Promise<void>): AdminRelay {
  const pending: Pending[] = []
  // Requests sent (startup, Query, Sync): each ends a batch the server answers with ReadyForQuery.
  let sent = 0
  let answered = 0
  let chain = Promise.resolve()

  const fromBackend = async (messages: readonly Message[]): Promise<void> => {
    let out: Buffer[] = []
    for (const m of messages) {
      if (m.type === 'C' && (DATABASE_TAGS as readonly string[]).includes(cString(m.body))) {
        const item = pending.shift()
        if (item !== undefined && item.change.kind !== 'alter') {
          client.write(Buffer.concat(out))
          out = []
          const failed = await follow(item.change).then(
            () => undefined,
            (err: unknown) => err,
          )
          if (failed !== undefined) {
            out.push(errorResponse('XX000', `pgtestbed pglite engine: ${String(failed)}`, 'ERROR'))
            continue
          }
        }
      } else if (m.type === 'Z') {
        answered++
        // Statements of an answered batch that never completed (an error stopped them) are gone.
        while (pending.length > 0 && (pending[0]?.batch ?? 0) < answered) pending.shift()
      }
      out.push(m.raw)
    }
    if (out.length > 0 && client.writable) client.write(Buffer.concat(out))
  }

  return {
    sent(messages) {
      for (const m of messages) {
        if (m.type === 'Q') {
          for (const change of databaseChanges(cString(m.body))) pending.push({ change, batch: sent })
          sent++
        } else if (m.type === 'P') {
          const name = cString(m.body)
          const query = cString(m.body, Buffer.byteLength(name) + 1)
          for (const change of databaseChanges(query)) pending.push({ change, batch: sent })
        } else if (m.type === 'S' || m.type === STARTUP) sent++
      }
    },
    received(messages) {
      // In order: a held-back reply must not be overtaken by the next one.
      chain = chain
        .then(() => fromBackend(messages))
        .catch(() => {
          client.destroy()
        })
    },
  }
}
