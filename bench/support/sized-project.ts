/**
 * A project whose one migration builds a template of about `megabytes` MB: one table of rows of
 * ~120 bytes each with its primary-key index, and a small table (`notes`, 3 rows) for tests to
 * write. For the benchmarks that vary template size.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function sizedProject(prefix: string, megabytes: number): { dir: string; rows: number } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const rows = Math.max(1, Math.round((megabytes * 2 ** 20) / 120))
  mkdirSync(join(dir, 'migrations'))
  writeFileSync(
    join(dir, 'migrations', '001_events.sql'),
    `CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, payload text NOT NULL);
INSERT INTO events SELECT g, 'kind-' || (g % 17), repeat(md5(g::text), 2) FROM generate_series(1, ${rows}) g;
CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL);
INSERT INTO notes (body) VALUES ('a'), ('b'), ('c');`,
  )
  return { dir, rows }
}
