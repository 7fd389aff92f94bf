/**
 * A small local stand-in for a GitHub runner: runs the `run:` steps of a generated workflow's
 * jobs in order, once per matrix value, with the `${{ }}` expressions our workflows use filled
 * in and GITHUB_* variables set. `uses:` steps (checkout, setup-node, caches, uploads) are
 * GitHub's own actions and are skipped. Steps run as GitHub runs them: bash -e, and `if:`
 * (`always()`, `failure()`, `success()`) decided from the job's state so far.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'

interface Step {
  name?: string
  run?: string
  uses?: string
  if?: string
  env?: Record<string, string>
  'continue-on-error'?: boolean
}
interface Job {
  if?: string
  env?: Record<string, string>
  strategy?: { matrix?: Record<string, unknown[]> }
  steps: Step[]
}

export interface StepOutcome {
  readonly job: string
  readonly matrix: Record<string, unknown>
  readonly step: string
  readonly status: 'passed' | 'failed' | 'skipped'
  readonly output: string
}

export function runWorkflow(
  yamlText: string,
  options: { cwd: string; event: string; env: NodeJS.ProcessEnv; temp?: string },
): StepOutcome[] {
  const workflow = parse(yamlText) as { jobs: Record<string, Job> }
  const temp = options.temp ?? mkdtempSync(join(tmpdir(), 'pgt-runner-'))
  const outcomes: StepOutcome[] = []
  for (const [jobName, job] of Object.entries(workflow.jobs)) {
    if (job.if !== undefined && !jobCondition(job.if, options.event)) continue
    for (const matrix of combinations(job.strategy?.matrix ?? {})) {
      const context = (path: string): string => {
        const [scope, key = ''] = path.split('.')
        if (scope === 'matrix') return String(matrix[key])
        if (path === 'runner.temp') return temp
        if (path === 'runner.os') return 'Linux'
        if (path === 'github.job') return jobName
        if (path === 'github.event_name') return options.event
        if (scope === 'env') return String(job.env?.[key] ?? '')
        throw new Error(`the local runner does not know the expression ${path}`)
      }
      const fill = (text: string): string =>
        text.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, path: string) => context(path))
      const summary = join(temp, `summary-${jobName}`)
      writeFileSync(summary, '')
      const env: NodeJS.ProcessEnv = {
        ...options.env,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_JOB: jobName,
        GITHUB_EVENT_NAME: options.event,
        GITHUB_RUN_ID: String(Date.now()),
        GITHUB_REPOSITORY: 'example/bookings',
        GITHUB_SHA: '0'.repeat(40),
        GITHUB_WORKSPACE: options.cwd,
        GITHUB_STEP_SUMMARY: summary,
        RUNNER_TEMP: temp,
        ...Object.fromEntries(Object.entries(job.env ?? {}).map(([k, v]) => [k, fill(String(v))])),
      }
      let failed = false
      for (const step of job.steps) {
        const name = fill(step.name ?? step.uses ?? step.run ?? '')
        const condition = step.if ?? 'success()'
        const runs = condition === 'always()' || (condition === 'failure()' ? failed : !failed)
        if (step.run === undefined || !runs) {
          outcomes.push({ job: jobName, matrix, step: name, status: 'skipped', output: '' })
          continue
        }
        const result = spawnSync('bash', ['-e', '-c', fill(step.run)], {
          cwd: options.cwd,
          env: { ...env, ...step.env },
          encoding: 'utf8',
          timeout: 300_000,
        })
        const ok = result.status === 0
        if (!ok && step['continue-on-error'] !== true) failed = true
        outcomes.push({
          job: jobName,
          matrix,
          step: name,
          status: ok ? 'passed' : 'failed',
          output: `${result.stdout}${result.stderr}`,
        })
      }
    }
  }
  return outcomes
}

/** `contains(fromJSON('[…]'), github.event_name)`, the one job condition our workflows use. */
function jobCondition(condition: string, event: string): boolean {
  const match = /^contains\(fromJSON\('(.*)'\), github\.event_name\)$/.exec(condition)
  if (match === null) throw new Error(`the local runner does not know the condition ${condition}`)
  return (JSON.parse(match[1] ?? '[]') as string[]).includes(event)
}

function combinations(matrix: Record<string, unknown[]>): Record<string, unknown>[] {
  return Object.entries(matrix).reduce<Record<string, unknown>[]>(
    (acc, [key, values]) => acc.flatMap((combo) => values.map((v) => ({ ...combo, [key]: v }))),
    [{}],
  )
}
