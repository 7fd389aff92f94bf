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
 * Sends `planned`, or breaks the connection as `fault` says. Resolves when done.
 *
 * @example
 * await sendResponse(res, { status: 200, headers: {}, body: Buffer.from('ok') }, undefined)
 */
export async function sendResponse(
  res: ServerResponse,
  planned: PlannedResponse,
  fault: FaultDefinition | undefined,
): Promise<void> {
  const socket = res.socket
  switch (fault?.kind) {
    case 'connection-reset':
      // SO_LINGER 0 + close: the client gets ECONNRESET, not a clean end of stream.
      socket?.resetAndDestroy()
      return
    case 'empty-response':
      socket?.destroy()
      return
    case 'partial-body': {
      const bytes = Math.min(fault.bytes ?? Math.floor(planned.body.length / 2), planned.body.length)
      res.writeHead(planned.status, {
        ...planned.headers,
        'content-length': String(planned.body.length),
        connection: 'close',
      })
      await new Promise<void>((resolve) => res.write(planned.body.subarray(0, bytes), () => resolve()))
      socket?.destroy()
      return
    }
    case 'dribble': {
      const chunks = Math.max(1, fault.chunks ?? 5)
      const pause = (fault.totalMs ?? 1000) / chunks
      const size = Math.ceil(planned.body.length / chunks)
      res.writeHead(planned.status, { ...planned.headers, 'content-length': String(planned.body.length) })
      for (let i = 0; i < chunks; i++) {
        if (res.destroyed) return
        res.write(planned.body.subarray(i * size, (i + 1) * size))
        if (i < chunks - 1) await sleep(pause)
      }
      res.end()
      return
    }
    default:
      res.writeHead(planned.status, { ...planned.headers, 'content-length': String(planned.body.length) })
      res.end(planned.body)
  }
}
