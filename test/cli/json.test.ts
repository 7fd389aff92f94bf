import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

const prefix = uniquePrefix()
const project = tempProject({
  'pgtestbed.config.json': JSON.stringify({ prefix }),
  'migrations/001_notes.sql': 'CREATE TABLE notes (id serial PRIMARY KEY, body text);',
  'stubs/hello.yaml': 'stubs:\n  - id: hello\n    request: { path: /hello }\n    response: { text: hi }\n',
})
const cwd = project.dir
const env = (): NodeJS.ProcessEnv => ({
  PATH: process.env['PATH'],
  PGTESTBED_ENGINE: 'url',
  DATABASE_URL: serverUrl(),
})
afterAll(async () => {
  await runCli(['db', 'prune', '--all'], { cwd, env: env() })
  project.remove()
})

/** stdout is exactly one JSON document (JSON.parse refuses two). */
async function json(args: string[]): Promise<{ code: number; doc: Record<string, unknown>; stderr: string }> {
  const at = args.includes('--') ? args.indexOf('--') : args.length
  const result = await runCli([...args.slice(0, at), '--json', ...args.slice(at)], { cwd, env: env() })
  let doc: Record<string, unknown>
  try {
    doc = JSON.parse(result.stdout) as Record<string, unknown>
  } catch {
    throw new Error(`stdout of ${args.join(' ')} --json is not one JSON document:\n${result.stdout}`)
  }
  return { code: result.code, doc, stderr: result.stderr }
}

const usageError = { ok: false, error: { code: 'PGT_USAGE', message: expect.any(String) } }

describe('--json: stdout carries exactly one JSON document, errors included', () => {
  it('errors before any command runs: unknown command, unknown option, bad value', async () => {
    const unknown = await json(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.doc).toEqual({
      ok: false,
      error: {
        code: 'PGT_USAGE',
        message: 'Unknown command `frobnicate`. Run `pgtestbed --help` for the list of commands.',
        fix: 'Run `pgtestbed --help` for the list of commands.',
      },
    })
    const option = await json(['status', '--quiett'])
    expect(option.code).toBe(2)
    expect(option.doc).toMatchObject({
      ok: false,
      error: { code: 'PGT_USAGE', fix: 'Did you mean --quiet?' },
    })
    const group = await json(['db'])
    expect(group.doc).toMatchObject(usageError)
  })

  it('up, status, db new, db drop, db prune, down', async () => {
    const up = await json(['up'])
    expect(up.code).toBe(0)
    expect(up.doc).toMatchObject({ engine: 'url', alreadyRunning: true })
    const status = await json(['status'])
    expect(status.doc).toMatchObject({ running: true, engine: 'url' })
    const created = await json(['db', 'new'])
    expect(created.code).toBe(0)
    expect(created.doc['name']).toMatch(new RegExp(`^${prefix}_db_`))
    expect((await json(['db', 'drop', String(created.doc['name'])])).doc).toEqual({
      name: created.doc['name'],
      dropped: true,
    })
    const foreign = await json(['db', 'drop', 'postgres'])
    expect(foreign.code).toBe(2)
    expect(foreign.doc).toMatchObject({
      ok: false,
      error: { code: 'PGT_USAGE', fix: 'Drop it yourself if you mean to.' },
    })
    expect((await json(['db', 'prune'])).doc).toEqual({ dropped: [], skipped: [] })
    expect((await json(['down'])).doc).toMatchObject({ stopped: false })
  })

  it("run: the result as JSON, the command's own stdout on stderr, its exit code kept", async () => {
    const run = await json(['run', '--', 'sh', '-c', 'echo from-the-command; exit 3'])
    expect(run.code).toBe(3)
    expect(run.doc).toMatchObject({
      command: ['sh', '-c', 'echo from-the-command; exit 3'],
      exitCode: 3,
      database: expect.stringMatching(new RegExp(`^${prefix}_`)),
    })
    expect(run.stderr).toContain('from-the-command')
    expect((await json(['run'])).doc).toMatchObject(usageError)
  })

  it('schema and migrations', async () => {
    const snapshot = await json(['schema', 'snapshot', '--url', serverUrl()])
    expect(snapshot.code).toBe(0)
    expect(snapshot.doc).toHaveProperty('tables')
    expect((await json(['schema', 'diff', 'only-one.sql'])).doc).toMatchObject(usageError)
    const status = await json(['migrations', 'status'])
    expect(status.doc).toMatchObject({ format: 'sql', migrations: [{ name: expect.any(String) }] })
    const lint = await json(['migrations', 'lint', '--format', 'nope'])
    expect(lint.code).toBe(2)
    expect(lint.doc).toMatchObject(usageError)
  })

  it('fixtures, isolation, bench', async () => {
    const list = await json(['fixtures', 'list', '--dir', `${process.cwd()}/examples/fixtures`])
    expect(list.code).toBe(0)
    expect(list.doc).toMatchObject({ versions: expect.any(Array) })
    expect((await json(['fixtures', 'diff'])).doc).toMatchObject(usageError)
    expect((await json(['isolation', 'run'])).doc).toMatchObject(usageError)
    expect((await json(['isolation', 'check', '--levels', 'nope'])).doc).toMatchObject(usageError)
    expect((await json(['bench', 'provision', '--iterations', 'lots'])).doc).toMatchObject({
      ok: false,
      error: { code: 'PGT_CONFIG_INVALID' },
    })
  })

  it('mock, oauth, netfault', async () => {
    const check = await json(['mock', 'check', '--dir', 'stubs'])
    expect(check.code).toBe(0)
    expect(check.doc).toMatchObject({ stubs: 1, problems: [] })
    expect((await json(['mock', 'schema'])).doc).toHaveProperty('$schema')
    expect((await json(['mock', 'check'])).doc).toMatchObject(usageError)
    expect((await json(['mock', 'serve', '--port', 'abc'])).doc).toMatchObject(usageError)
    expect((await json(['oauth', 'rotate'])).doc).toMatchObject(usageError)
    expect((await json(['netfault'])).doc).toMatchObject(usageError)
  })
})
