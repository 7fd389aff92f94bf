/**
 * Stopping cleanly. A long-running command gets an AbortSignal that SIGINT or SIGTERM aborts
 * (a second signal exits at once). Under `npm exec` / `npx` / `npm run`, npm starts the command
 * through `sh -c`, and on SIGTERM npm signals that shell, which dies without passing the signal
 * on (dash does not), leaving pgtestbed orphaned and running; npm never passes SIGINT on at all.
 * So when npm started us, losing the parent is taken as the SIGTERM it stands for.
 * @module
 */

/** How a signal ends a process, as shells report it: 128 + its number. */
export const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 }

/**
 * Aborts the returned signal on the first SIGINT/SIGTERM (reason: the signal's name); a second
 * one exits with 128 + its number. `dispose()` removes the handlers.
 *
 * @example
 * const stop = stopOnSignals()
 * try { await serve(stop.signal) } finally { stop.dispose() }
 */
export function stopOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(SIGNAL_EXIT[name] ?? 1)
    controller.abort(name)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    },
  }
}

/**
 * When npm started this process (`npm exec`, `npx`, `npm run`), sends it SIGTERM once its parent
 * (npm's `sh -c`) is gone. The check is a cheap unref'd timer; it never keeps the process alive.
 *
 * @example
 * watchParentUnderNpm(process.env)
 */
export function watchParentUnderNpm(env: NodeJS.ProcessEnv, everyMs = 200): void {
  if (env['npm_lifecycle_event'] === undefined && env['npm_command'] === undefined) return
  const parent = process.ppid
  const timer = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(timer)
    process.kill(process.pid, 'SIGTERM')
  }, everyMs)
  timer.unref()
}
