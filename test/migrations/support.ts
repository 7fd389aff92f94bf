/** Helpers for the migration tests: throwaway migration folders and leftover-database checks. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import pg from 'pg'
import { serverUrl } from '../support/scratch-database.js'

/** Writes `files` (relative path → content) into a new temporary folder; returns its path. */
export async function migrationFolder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pgt-mig-'))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  return dir
}

/** Removes folders made by `migrationFolder`. */
export async function removeFolders(dirs: readonly string[]): Promise<void> {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
}

/** Names of databases on the test server starting with `<prefix>_mig_`. */
export async function databasesWithPrefix(prefix: string): Promise<string[]> {
  const admin = new pg.Client({ connectionString: serverUrl() })
  await admin.connect()
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'select datname from pg_database where datname like $1 order by 1',
      [`${prefix}\\_mig\\_%`],
    )
    return rows.map((r) => r.datname)
  } finally {
    await admin.end()
  }
}
