import { expect } from 'vitest'
import { type ConcurrencyMatchers, concurrencyMatchers } from '../../src/concurrency/index.js'

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the shape vitest's own declaration uses
  interface Assertion<T = any> extends ConcurrencyMatchers<T> {}
}

expect.extend(concurrencyMatchers)

/** The table most tests start from: t(id, v) = (1, 10), (2, 20). */
export const T_TABLE = [
  'create table t (id int primary key, v int not null)',
  'insert into t values (1, 10), (2, 20)',
]

/**
 * Live connections to database `name` other than the asking one. A closed connection's backend
 * exits asynchronously, so this asks up to 50 times (bounded) until none is left.
 */
export async function connectionsTo(
  client: { query: (q: string, v: unknown[]) => Promise<{ rows: { n: number }[] }> },
  name: string,
): Promise<number> {
  let n = 0
  for (let i = 0; i < 50; i++) {
    const { rows } = await client.query(
      'select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    )
    n = rows[0]!.n
    if (n === 0) break
    await new Promise((r) => setTimeout(r, 20))
  }
  return n
}
