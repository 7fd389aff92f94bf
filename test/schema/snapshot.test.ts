import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  diffSchemas,
  introspect,
  readSnapshot,
  type SchemaModel,
  toSnapshot,
} from '../../src/schema/index.js'
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database.js'

const APP_SQL = readFileSync(new URL('./fixtures/app-schema.sql', import.meta.url), 'utf8')

describe('snapshots', () => {
  let one: ScratchDatabase
  let two: ScratchDatabase
  let model: SchemaModel
  const dir = mkdtempSync(join(tmpdir(), 'pgt-snap-'))
  beforeAll(async () => {
    ;[one, two] = await Promise.all([scratchDatabase(), scratchDatabase()])
    await one.client.query(APP_SQL)
    await two.client.query(APP_SQL)
    model = await introspect(one.client)
  })
  afterAll(async () => {
    await Promise.all([one?.drop(), two?.drop()])
    rmSync(dir, { recursive: true, force: true })
  })

  test('equal schemas in different databases give byte-identical snapshots (no OIDs, no names of the database)', async () => {
    const text = toSnapshot(model)
    expect(toSnapshot(await introspect(two.client))).toBe(text)
    expect(text).not.toMatch(/oid|scratch_/i)
    expect(text.endsWith('}\n')).toBe(true)
    // key order is fixed: kind, version, schema, name, then alphabetical
    expect(text.slice(0, 60)).toMatch(/^\{\n {2}"kind": "schema-model",\n {2}"version": 1,/)
  })

  test('readSnapshot(toSnapshot(model)) gives the model back, from text or from a file', () => {
    const text = toSnapshot(model)
    expect(readSnapshot(text)).toEqual(model)
    const file = join(dir, 'schema.json')
    writeFileSync(file, text)
    const read = readSnapshot(file)
    expect(read).toEqual(model)
    expect(Object.isFrozen(read.tables[0])).toBe(true)
    expect(toSnapshot(read)).toBe(text)
    // key order differs between a read snapshot and a fresh model: the diff must not care
    expect(diffSchemas(read, model)).toEqual([])
  })

  test('a missing file, broken JSON and foreign JSON are reported with the file (and line) and a fix', () => {
    expect(() => readSnapshot(join(dir, 'nope.json'))).toThrow(
      /^Failed to read snapshot .*nope\.json: the file does not exist\. Check the path/,
    )
    const broken = join(dir, 'broken.json')
    writeFileSync(broken, '{\n  "kind": "schema-model",\n  "version": 1,\n  oops\n}\n')
    expect(() => readSnapshot(broken)).toThrow(
      /^Failed to read snapshot .*broken\.json:4: it is not valid JSON/,
    )
    try {
      readSnapshot(broken)
    } catch (err) {
      expect(err).toMatchObject({ code: 'PGT_SCHEMA_SOURCE', file: broken, line: 4 })
    }
    expect(() => readSnapshot('{"tables": []}')).toThrow(/not a pgtestbed schema snapshot/)
    expect(() => readSnapshot('{"kind": "schema-model", "version": 99}')).toThrow(/format version 99/)
  })
})
