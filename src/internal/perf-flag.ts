/**
 * `PGTESTBED_PERF`: read in one place by the config (where it overrides `perf`) and by the
 * test processes (which may not load the config at all).
 * @module
 */

/** True or false when `PGTESTBED_PERF` is set (`1`/`true` on, anything else off), else undefined. */
export function perfFlag(env: NodeJS.ProcessEnv): boolean | undefined {
  const flag = env['PGTESTBED_PERF']
  if (flag === undefined || flag === '') return undefined
  return flag === '1' || flag === 'true'
}
