import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createProgress } from '../../src/cli/progress.js'
import { runCli } from '../support/run-cli.js'
import { serverUrl } from '../support/scratch-database.js'
import { tempProject, uniquePrefix } from '../support/temp-project.js'

function sink(tty: boolean): Writable & { isTTY?: boolean; text(): string } {
  let text = ''
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk)
      done()
    },
  }) as Writable & { isTTY?: boolean; text(): string }
  if (tty) stream.isTTY = true
  stream.text = () => text
  return stream
}

describe('the progress reporter', () => {
  it('not on a TTY: one line per phase, steps inside a phase are not printed', () => {
    const err = sink(false)
    const p = createProgress(err, { quiet: false })
    p.phase('starting PostgreSQL')
    p.update('1/3')
    p.phase('testing 4 migrations')
    p.done()
    expect(err.text()).toBe('pgtestbed: starting PostgreSQL…\npgtestbed: testing 4 migrations…\n')
  })

  it('on a TTY: one live line, rewritten in place and cleared at the end', () => {
    const err = sink(true)
    const p = createProgress(err, { quiet: false })
    p.phase('checking')
    p.update('2/9 dirty-read')
    p.done()
    p.done()
    expect(err.text()).toBe('\r\x1b[Kchecking…\r\x1b[Kchecking: 2/9 dirty-read\r\x1b[K')
  })

  it('--quiet: nothing, TTY or not', () => {
    for (const tty of [true, false]) {
      const err = sink(tty)
      const p = createProgress(err, { quiet: true })
      p.phase('x')
      p.update('y')
      p.done()
      expect(err.text()).toBe('')
    }
  })
})

describe('commands report their phases on stderr', () => {
  it('migrations test: a line per phase; none with --quiet; stdout unchanged', async () => {
    const project = tempProject({
      'pgtestbed.config.json': JSON.stringify({ prefix: uniquePrefix() }),
      'migrations/001_a.sql': 'CREATE TABLE a (id int);',
    })
    try {
      const options = {
        cwd: project.dir,
        env: { PGTESTBED_ENGINE: 'url', DATABASE_URL: serverUrl() },
      }
      const loud = await runCli(['migrations', 'test', '--checks', 'up'], options)
      expect(loud.code).toBe(0)
      expect(loud.stderr).toBe('pgtestbed: connecting to PostgreSQL…\npgtestbed: testing 1 migrations…\n')
      const quiet = await runCli(['migrations', 'test', '--checks', 'up', '--quiet'], options)
      expect(quiet.code).toBe(0)
      expect(quiet.stderr).toBe('')
      expect(quiet.stdout).toBe(loud.stdout)
    } finally {
      project.remove()
    }
  })
})
