/**
 * `pgtestbed run -- CMD ARGS…`: starts everything, runs CMD with DATABASE_URL set to a fresh
 * isolated database (and PGTESTBED_URL / PGTESTBED_RUN_ID so runner integrations inside CMD
 * attach to the same server and template), then tears down. The exit code is CMD's.
 * @module
 */
import { crashPoint } from '../../internal/crash-point.js'
import { spawnGuarded } from '../../internal/guard-child.js'
import { perfRun } from '../../perf/run-hooks.js'
import { createTestbed, HANDOFF_ENV } from '../../pool/index.js'
import { defineCommand, usageError } from '../command.js'
import { progressOf } from '../progress.js'
import { SIGNAL_EXIT } from '../signals.js'

/** Environment variables `run` gives the command. */
export const RUN_ENV = ['DATABASE_URL', 'PGTESTBED_URL', 'PGTESTBED_RUN_ID'] as const

export const runCommand = defineCommand({
  name: ['run'],
  summary: 'Run a command with DATABASE_URL set to a fresh isolated database, then tear down',
  args: '-- CMD [ARGS...]',
  longRunning: true,
  allowPositionals: true,
  options: {
    perf: { type: 'boolean', description: 'Record per-test performance (see docs/perf.md)' },
  },
  async run(args, io) {
    const [cmd, ...rest] = args.positionals
    if (cmd === undefined)
      throw usageError('Missing the command to run. Usage: pgtestbed run -- CMD [ARGS...]')
    const json = args.values['json'] === true
    const started = performance.now()
    progressOf(io).phase('starting PostgreSQL and the template')
    const bed = await createTestbed(undefined, {
      cwd: io.cwd,
      env: io.env,
      poolSize: 1,
      preconnect: false, // the command connects to DATABASE_URL itself
      log: (line) => io.stderr.write(`${line}\n`),
    })
    try {
      const db = await bed.acquire()
      progressOf(io).done()
      // Stopped while starting: do not start the command at all.
      const early = io.signal?.aborted === true ? String(io.signal.reason) : undefined
      if (early !== undefined) {
        await db.release({ outcome: 'passed' })
        return SIGNAL_EXIT[early] ?? 1
      }
      const perf = perfRun({
        // --perf, or the config's `perf` (PGTESTBED_PERF, when set, already decided it).
        enabled: args.values['perf'] === true || bed.config.perf,
        cwd: io.cwd,
        env: io.env,
        runId: bed.config.runId,
      })
      const env = {
        ...io.env,
        DATABASE_URL: db.url,
        PGTESTBED_URL: bed.engine.url,
        PGTESTBED_RUN_ID: bed.config.runId,
        [HANDOFF_ENV]: JSON.stringify(bed.handoff),
        ...perf.env,
      }
      const code = await new Promise<number>((resolve) => {
        // Its own process group, ended by a guard if this process is killed (SIGKILL included).
        // With --json, stdout carries only the result document: the command's stdout goes to stderr.
        const { child, signalGroup: forward } = spawnGuarded(cmd, rest, {
          stdio: ['inherit', json ? 'pipe' : 'inherit', 'inherit'],
          env,
          cwd: io.cwd,
        })
        child.stdout?.on('data', (chunk: Buffer) => io.stderr.write(chunk))
        crashPoint('run:started')
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
      const perfSummary = perf.finish()
      if (perfSummary !== undefined) io.stderr.write(`pgtestbed perf: ${perfSummary}\n`)
      if (!json) return code
      return {
        data: {
          command: [cmd, ...rest],
          exitCode: code,
          database: db.name,
          ms: Math.round(performance.now() - started),
        },
        exitCode: code,
      }
    } finally {
      await bed.close()
    }
  },
})
