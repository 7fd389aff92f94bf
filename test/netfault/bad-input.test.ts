import { createServer } from 'node:net'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { PgtestbedError } from '../../src/errors.js'
import { fault, type ProxyEvent, startFaultProxy } from '../../src/netfault/index.js'
import { caught } from './support.js'

/** A loopback port with nothing listening (the server that held it is closed). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return (err as PgtestbedError).code
  }
  return undefined
}

describe('bad fault values', () => {
  it('names the option and its allowed range', () => {
    expect(() => fault.latency({ ms: -5 })).toThrowError(
      'Failed to set up the latency fault: ms must be a number from 0 to 3600000, got -5. Pass ms within that range',
    )
    expect(() => fault.bandwidth({ bytesPerSecond: 0.5 })).toThrowError(
      /bytesPerSecond must be an integer from 1/,
    )
    expect(() => fault.slicer({ averageSize: 4, sizeVariation: 4 })).toThrowError(
      /sizeVariation must be an integer from 0 to 3/,
    )
    expect(() => fault.limitData({ bytes: Number.NaN })).toThrowError(/bytes must be an integer .* got null/)
    expect(codeOf(() => fault.timeout({ closeAfterMs: -1 }))).toBe('PGT_FAULT_INVALID')
    expect(codeOf(() => fault.resetPeer({ afterMs: Number.POSITIVE_INFINITY }))).toBe('PGT_FAULT_INVALID')
  })

  it('rejects a bad direction or toxicity when adding', async () => {
    await using proxy = await startFaultProxy({ target: '127.0.0.1:5432' })
    expect(() => proxy.add(fault.latency({ ms: 1 }), { direction: 'sideways' as 'both' })).toThrowError(
      /direction must be upstream, downstream or both, got "sideways"/,
    )
    expect(() => proxy.add(fault.latency({ ms: 1 }), { toxicity: 2 })).toThrowError(
      /toxicity must be a number from 0 to 1/,
    )
    expect(proxy.faults).toEqual([])
  })
})

describe('bad targets and ports', () => {
  it('rejects targets it cannot forward to', async () => {
    await expect(startFaultProxy({ target: 'nonsense' })).rejects.toThrowError(
      /Failed to use "nonsense" as the proxy target/,
    )
    await expect(startFaultProxy({ target: 'postgresql:///db?host=/tmp' })).rejects.toThrowError(
      /Unix socket/,
    )
    await expect(startFaultProxy({ target: 'localhost:99999' })).rejects.toThrowError(/proxy target/)
  })

  it('says the listen port is in use', async () => {
    await using first = await startFaultProxy({ target: '127.0.0.1:5432' })
    const err = await caught(() => startFaultProxy({ target: '127.0.0.1:5432', listen: first.port }))
    expect(err).toBeInstanceOf(PgtestbedError)
    expect((err as PgtestbedError).code).toBe('PGT_PORT_IN_USE')
    expect(err.message).toBe(
      `Failed to listen on 127.0.0.1:${first.port} for the fault proxy: port ${first.port} is in use. Pick another port, or pass 0 (the default) for a free one`,
    )
  })

  it('reports an unreachable target at the first connection, to the caller and to the pg client', async () => {
    const port = await closedPort()
    const events: ProxyEvent[] = []
    await using proxy = await startFaultProxy({
      target: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      onEvent: (e) => events.push(e),
    })
    const err = await caught(() => new pg.Client({ connectionString: proxy.url }).connect())
    expect(err.code).toBe('08001')
    expect(err.message).toMatch(
      new RegExp(
        `^Failed to connect to the proxy target 127.0.0.1:${port}: connect ECONNREFUSED .*Check that PostgreSQL is running there`,
      ),
    )
    const unreachable = events.find((e) => e.kind === 'target-unreachable')
    expect(unreachable?.kind === 'target-unreachable' && unreachable.error.code).toBe('PGT_UNREACHABLE')
  })
})
