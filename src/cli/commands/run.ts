/**
 * `pgtestbed run -- CMD ARGS…`: starts everything, runs CMD with DATABASE_URL set to a fresh
 * isolated database (and PGTESTBED_URL / PGTESTBED_RUN_ID so runner integrations inside CMD
 * attach to the same server and template), then tears down. The exit code is CMD's.
 * @module
 */
import { spawn } from 'node:child_process'
import { createTestbed } from '../../pool/index.js'
import { defineCommand, usageError } from '../command.js'

/** Environment variables `run` gives the command. */
export const RUN_ENV = ['DATABASE_URL', 'PGTESTBED_URL', 'PGTESTBED_RUN_ID'] as const

export const runCommand = defineCommand({
  name: ['run'],
  summary: 'Run a command with DATABASE_URL set to a fresh isolated database, then tear down',
  usage: 'pgtestbed run -- CMD [ARGS...]',
  allowPositionals: true,
  async run(args, io) {
    const [cmd, ...rest] = args.positionals
    if (cmd === undefined)
      throw usageError('Missing the command to run. Usage: pgtestbed run -- CMD [ARGS...]')
    const bed = await createTestbed(undefined, {
      cwd: io.cwd,
      env: io.env,
      poolSize: 1,
      preconnect: false, // the command connects to DATABASE_URL itself
      log: (line) => io.stderr.write(`${line}\n`),
    })
    try {
      const db = await bed.acquire()
      const env = {
        ...io.env,
        DATABASE_URL: db.url,
        PGTESTBED_URL: bed.engine.url,
        PGTESTBED_RUN_ID: bed.config.runId,
      }
      const code = await new Promise<number>((resolve) => {
        const child = spawn(cmd, rest, { stdio: 'inherit', env, cwd: io.cwd })
        const forward = (signal: NodeJS.Signals): void => {
          child.kill(signal)
        }
        process.on('SIGINT', forward)
        process.on('SIGTERM', forward)
        child.once('error', (err) => {
          io.stderr.write(
            `pgtestbed: failed to run ${cmd}: ${err.message}. Check the command name and PATH.\n`,
          )
          resolve(127)
        })
        child.once('exit', (status, signal) => {
          process.off('SIGINT', forward)
          process.off('SIGTERM', forward)
          // A child killed by a signal exits 128 + signal number, as shells report it.
          resolve(status ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 2))
        })
      })
      await db.release({ outcome: code === 0 ? 'passed' : 'failed' })
      return code
    } finally {
      await bed.close()
    }
  },
})
