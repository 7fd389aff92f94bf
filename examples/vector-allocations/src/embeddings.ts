/** The app's embedding SQL: one vector(32) per allocation, saved in bulk, searched by cosine. */

/** Anything with pg's `query(text, params)`: a Client, a Pool. */
interface Db {
  query<R extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>
}

/** pgvector's text form. Float32 values print as the shortest decimal that reads back the same. */
export function toVector(values: ArrayLike<number>): string {
  return `[${Array.from(values).join(',')}]`
}

/**
 * Saves embeddings in batches of `batchSize` rows, one INSERT … SELECT unnest(…) per batch (one
 * round trip, one statement to plan, per batch).
 */
export async function saveEmbeddings(
  db: Db,
  items: readonly { allocationId: number; embedding: ArrayLike<number> }[],
  batchSize = 500,
): Promise<number> {
  let saved = 0
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize)
    await db.query(
      `INSERT INTO allocation_embeddings (allocation_id, embedding)
       SELECT * FROM unnest($1::bigint[], $2::vector[])
       ON CONFLICT (allocation_id) DO UPDATE SET embedding = excluded.embedding`,
      [batch.map((i) => i.allocationId), batch.map((i) => toVector(i.embedding))],
    )
    saved += batch.length
  }
  return saved
}

/** The `k` allocations whose embeddings are nearest to `query` by cosine distance. */
export async function similarAllocations(
  db: Db,
  query: ArrayLike<number>,
  k: number,
): Promise<{ allocationId: number; distance: number }[]> {
  const { rows } = await db.query<{ allocationId: number; distance: number }>(
    `SELECT allocation_id::int AS "allocationId", embedding <=> $1::vector AS distance
       FROM allocation_embeddings ORDER BY embedding <=> $1::vector LIMIT $2`,
    [toVector(query), k],
  )
  return rows
}
