import { describe, expect, it } from 'vitest'
import { keyedStream } from '../../src/internal/seeded-random.js'
import { parseTarget, proxyUrl } from '../../src/netfault/index.js'

describe('parseTarget and proxyUrl', () => {
  it('keeps user, password, database and parameters; swaps host and port', () => {
    const target = parseTarget(
      'postgresql://app:s3cret@db.internal:6432/shop?sslmode=disable&application_name=x',
    )
    expect(target).toMatchObject({ host: 'db.internal', port: 6432 })
    expect(proxyUrl(target, '127.0.0.1', 40123)).toBe(
      'postgresql://app:s3cret@127.0.0.1:40123/shop?sslmode=disable&application_name=x',
    )
  })

  it('defaults the port to 5432, accepts host:port and IPv6', () => {
    expect(parseTarget('postgres://u@localhost/db').port).toBe(5432)
    expect(parseTarget('localhost:5433')).toMatchObject({ host: 'localhost', port: 5433 })
    expect(parseTarget('[::1]:5433')).toMatchObject({ host: '::1', port: 5433 })
    expect(proxyUrl(parseTarget('localhost:5433'), '::1', 7)).toBe('postgresql://[::1]:7/')
  })
})

describe('keyedStream (the source of jitter, slice sizes and toxicity)', () => {
  const take = (r: () => number, n: number): number[] => Array.from({ length: n }, r)

  it('repeats for the same seed, fault, connection and direction, and differs otherwise', () => {
    expect(take(keyedStream(42, 1, 3, 1), 5)).toEqual(take(keyedStream(42, 1, 3, 1), 5))
    expect(take(keyedStream(42, 1, 3, 1), 5)).not.toEqual(take(keyedStream(42, 1, 4, 1), 5))
    expect(take(keyedStream(42, 1, 3, 1), 5)).not.toEqual(take(keyedStream(43, 1, 3, 1), 5))
    for (const x of take(keyedStream(7), 1000)) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
    }
  })
})
