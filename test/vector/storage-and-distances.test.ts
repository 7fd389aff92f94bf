import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkDistances, checkPrecision } from '../../src/public/vector.js'
import { f16round } from '../../src/vector/float16.js'
import { startVectorServer, type VectorServer } from '../support/vector-server.js'

let server: VectorServer
let client: pg.Client

beforeAll(async () => {
  server = await startVectorServer()
  client = await server.connect()
  await client.query('CREATE EXTENSION vector')
})
afterAll(async () => server?.close())

describe('f16round', () => {
  it('rounds to nearest, ties to even, with subnormals and overflow', () => {
    expect(f16round(1 / 3)).toBe(0.333251953125)
    expect(f16round(1 + 2 ** -11)).toBe(1) // a tie: to the even neighbour
    expect(f16round(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9)
    expect(f16round(2 ** -24)).toBe(2 ** -24)
    expect(f16round(65504)).toBe(65504)
    expect(f16round(70000)).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('checkPrecision', () => {
  it('vector keeps exactly the float32 of each value (Math.fround)', async () => {
    const r = await checkPrecision(client, { type: 'vector', dimensions: 32, count: 50 })
    expect(r).toMatchObject({ kind: 'precision-report', values: 1600, notAsExpected: 0 })
    expect(r.maxRelError).toBeGreaterThan(0)
    expect(r.maxRelError).toBeLessThanOrEqual(2 ** -24)
  })

  it('halfvec keeps the half-precision rounding: relative error up to 2^-11', async () => {
    const r = await checkPrecision(client, { type: 'halfvec', dimensions: 32, count: 50 })
    expect(r.notAsExpected).toBe(0)
    expect(r.maxRelError).toBeGreaterThan(2 ** -14)
    expect(r.maxRelError).toBeLessThanOrEqual(2 ** -11)
  })

  it('sparsevec keeps float32 of its non-zero values', async () => {
    const r = await checkPrecision(client, { type: 'sparsevec', dimensions: 64, count: 50 })
    expect(r.notAsExpected).toBe(0)
    expect(r.maxRelError).toBeLessThanOrEqual(2 ** -24)
  })

  it('leaves nothing behind', async () => {
    expect(
      (await client.query("SELECT 1 FROM pg_class WHERE relname = 'pgtestbed_precision'")).rowCount,
    ).toBe(0)
  })
})

describe('checkDistances', () => {
  it('the four operators agree with the float32 computation in JavaScript', async () => {
    const r = await checkDistances(client, { dimensions: 48, pairs: 100 })
    expect(r.operators.map((o) => o.operator)).toEqual(['<->', '<#>', '<=>', '<+>'])
    for (const o of r.operators) {
      expect(o.pairs).toBe(100)
      expect(o.withinBound, o.metric).toBe(o.pairs)
      expect(o.maxErrorOverBound, o.metric).toBeLessThanOrEqual(1)
    }
    // PGlite's pgvector adds in sequence, as distance() does: L2, inner product and L1 come out
    // identical there. (A native build adds in vector lanes: within the bound, not identical.)
    const pglite = (await client.query("SELECT strpos(version(), 'PGlite') > 0 AS p")).rows[0]?.p === true
    if (pglite)
      for (const o of r.operators.filter((x) => x.metric !== 'cosine'))
        expect(o.identical, o.metric).toBe(100)
  })
})
