/**
 * The relay of a connection to the admin database. It forwards bytes both ways like a pipe,
 * but reads the statements going in, and holds back the server's CommandComplete of each
 * CREATE / DROP / ALTER DATABASE until the instances follow it: when the client hears "CREATE
 * DATABASE", the new database's instance already serves it.
 * @module
 */
import type { Socket } from 'node:net'
import { DATABASE_TAGS, type DatabaseChange, databaseChanges } from './database-changes.js'
import { cString, errorResponse, MessageReader } from './wire.js'

/** A database statement sent, and the request batch (Query or Sync) it belongs to. */
interface Pending {
  readonly change: DatabaseChange
  readonly batch: number
}

/**
 * Pipes `client` and `backend`, calling `follow` for each database statement the server
 * completed, before the client hears of it. `first` holds client bytes already read.
 */
export function relayAdmin(
  client: Socket,
  backend: Socket,
  first: Buffer,
  follow: (change: DatabaseChange) => Promise<void>,
): void {
  const pending: Pending[] = []
  let sent = 0 // Query and Sync messages sent: each ends a batch the server answers with ReadyForQuery
  let answered = 0
  const incoming = new MessageReader()
  const outgoing = new MessageReader()
  let chain = Promise.resolve()

  const fromClient = (chunk: Buffer): void => {
    for (const m of incoming.push(chunk)) {
      if (m.type === 'Q') {
        for (const change of databaseChanges(cString(m.body))) pending.push({ change, batch: sent })
        sent++
      } else if (m.type === 'P') {
        const name = cString(m.body)
        const query = cString(m.body, Buffer.byteLength(name) + 1)
        for (const change of databaseChanges(query)) pending.push({ change, batch: sent })
      } else if (m.type === 'S') sent++
    }
    backend.write(chunk)
  }

  const fromBackend = async (chunk: Buffer): Promise<void> => {
    let out: Buffer[] = []
    for (const m of outgoing.push(chunk)) {
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

  if (first.length > 0) fromClient(first)
  client.on('data', fromClient)
  backend.on('data', (chunk: Buffer) => {
    // In order: a held-back reply must not be overtaken by the next chunk.
    chain = chain
      .then(() => fromBackend(chunk))
      .catch(() => {
        client.destroy()
      })
  })
}
