/**
 * The one progress reporter every command uses, on stderr: a live line on a TTY (rewritten in
 * place, cleared at the end), a line per phase otherwise (CI logs), nothing with `--quiet`.
 * Progress never goes to stdout, so `--json` output stays one document.
 * @module
 */

/** Reports what a long command is doing. */
export interface Progress {
  /** A new phase, e.g. "starting PostgreSQL": a line of its own when not on a TTY. */
  phase(text: string): void
  /** A step inside the phase (e.g. "3/12 dirty-read"): shown live on a TTY only. */
  update(text: string): void
  /** Clears the live line (call before printing the result). Safe to call twice. */
  done(): void
}

/** A reporter that says nothing (tests that call commands directly, --quiet). */
export const SILENT: Progress = Object.freeze({ phase() {}, update() {}, done() {} })

/**
 * Creates the reporter for `stream`.
 *
 * @example
 * const progress = createProgress(process.stderr, { quiet: false })
 * progress.phase('starting PostgreSQL')
 */
export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  options: { quiet: boolean },
): Progress {
  if (options.quiet) return SILENT
  if (stream.isTTY !== true) {
    return {
      phase: (text) => void stream.write(`pgtestbed: ${text}…\n`),
      update() {},
      done() {},
    }
  }
  let current = ''
  let live = false
  const show = (text: string): void => {
    const width = (stream as { columns?: number }).columns ?? 80
    const line = text.length >= width ? `${text.slice(0, Math.max(0, width - 2))}…` : text
    stream.write(`\r\x1b[K${line}`)
    live = true
  }
  return {
    phase(text) {
      current = text
      show(`${text}…`)
    },
    update(text) {
      show(current === '' ? text : `${current}: ${text}`)
    },
    done() {
      if (live) stream.write('\r\x1b[K')
      live = false
    },
  }
}

/** The command's reporter, or a silent one. */
export function progressOf(io: { readonly progress?: Progress }): Progress {
  return io.progress ?? SILENT
}
