/**
 * Writes a planned response to the socket, carrying out socket-level faults for real: a TCP RST,
 * a close with no response, a close after part of the body, a body dribbled out slowly.
 * @module
 */
import type { ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FaultDefinition } from './fault-model.js'
import type { PlannedResponse } from './faults.js'

/**
 * Sends `planned`, or breaks the connection as `fault` says. Returns a promise only when the
 * sending takes time (a partial or dribbled body); `signal` cuts a dribble short.
 *
 * @example
 * await sendResponse(res, { status: 200, headers: {}, body: Buffer.from('ok') }, undefined)
 */
export function sendResponse(
  res: ServerResponse,
  planned: PlannedResponse,
  fault: FaultDefinition | undefined,
  signal?: AbortSignal,
): Promise<void> | undefined {
  switch (fault?.kind) {
    case 'connection-reset':
      // SO_LINGER 0 + close: the client gets ECONNRESET, not a clean end of stream.
      res.socket?.resetAndDestroy()
      return undefined
    case 'empty-response':
      res.socket?.destroy()
      return undefined
    case 'partial-body':
      return sendPartial(res, planned, fault.bytes)
    case 'dribble':
      return sendDribbled(res, planned, Math.max(1, fault.chunks ?? 5), fault.totalMs ?? 1000, signal)
    default:
      res.writeHead(planned.status, { ...planned.headers, 'content-length': String(planned.body.length) })
      res.end(planned.body)
      return undefined
  }
}

async function sendPartial(
  res: ServerResponse,
  planned: PlannedResponse,
  bytes: number | undefined,
): Promise<void> {
  const length = Math.min(bytes ?? Math.floor(planned.body.length / 2), planned.body.length)
  res.writeHead(planned.status, {
    ...planned.headers,
    'content-length': String(planned.body.length),
    connection: 'close',
  })
  await new Promise<void>((resolve) => res.write(planned.body.subarray(0, length), () => resolve()))
  res.socket?.destroy()
}

async function sendDribbled(
  res: ServerResponse,
  planned: PlannedResponse,
  chunks: number,
  totalMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const size = Math.ceil(planned.body.length / chunks)
  res.writeHead(planned.status, { ...planned.headers, 'content-length': String(planned.body.length) })
  for (let i = 0; i < chunks; i++) {
    if (res.destroyed) return
    res.write(planned.body.subarray(i * size, (i + 1) * size))
    if (i < chunks - 1) {
      try {
        await sleep(totalMs / chunks, undefined, { signal })
      } catch {
        return // the server is closing
      }
    }
  }
  res.end()
}
