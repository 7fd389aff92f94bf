/**
 * Where the perf commands append their Markdown: `--markdown FILE`, else, with `--github`, the
 * job summary file GitHub Actions names in `$GITHUB_STEP_SUMMARY`.
 * @module
 */
import { resolve } from 'node:path'

/** The Markdown file to append to, or undefined for none. */
export function markdownTarget(
  values: Record<string, unknown>,
  io: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): string | undefined {
  const file = values['markdown']
  if (typeof file === 'string') return resolve(io.cwd, file)
  return values['github'] === true ? io.env['GITHUB_STEP_SUMMARY'] : undefined
}
