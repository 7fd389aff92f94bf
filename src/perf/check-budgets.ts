/**
 * Time budgets from the config (`perfBudgets`) held against recorded runs. Each run (or each
 * round of `perf ab`) is one sample of every figure: a test's time, a file's total, the
 * suite's total; p50 is the median of the samples, p95 the nearest-rank 95th percentile, max
 * the largest. One run gives one sample, so all three are that run's figure.
 * @module
 */
import type { PerfBudgets, TimeBudget } from '../config/config.js'
import type { RunRecord, TestRecord } from './record.js'
import { testMs } from './report/run-summary.js'
import { median } from './stats/median.js'

/** A figure over its budget. */
export interface BudgetBreach {
  readonly scope: 'test' | 'file' | 'suite'
  /** The test id, the file path, or `suite`. */
  readonly name: string
  /** `perTest`: the mean of a file's (or the suite's) tests, median over the samples. */
  readonly figure: 'p50' | 'p95' | 'max' | 'perTest'
  readonly actualMs: number
  readonly budgetMs: number
  /** How many samples the figure was taken over. */
  readonly samples: number
  /** Where to annotate: the test's (or the file's) source file and line. */
  readonly file: string | undefined
  readonly line: number | undefined
}

/** The outcome of checkBudgets. */
export interface BudgetsReport {
  readonly kind: 'perf-budgets'
  /** Runs (or rounds) checked. */
  readonly samples: number
  /** Figures checked against a budget. */
  readonly checked: number
  readonly breaches: readonly BudgetBreach[]
  /** Budgets that named a test or file no run recorded (a typo, a renamed test). */
  readonly notes: readonly string[]
}

const FIGURES = ['p50', 'p95', 'max'] as const

/**
 * Checks the budgets against one or more runs.
 *
 * @example
 * const report = checkBudgets({ test: { p95: 300 } }, [readRun(file)])
 * if (report.breaches.length > 0) process.exitCode = 1
 */
export function checkBudgets(budgets: PerfBudgets, runs: readonly RunRecord[]): BudgetsReport {
  const breaches: BudgetBreach[] = []
  const notes: string[] = []
  let checked = 0
  const check = (
    scope: BudgetBreach['scope'],
    name: string,
    budget: TimeBudget,
    samples: readonly (readonly TestRecord[])[],
    at: { file: string | undefined; line: number | undefined },
  ) => {
    const totals = samples.map(sum)
    const figures: [BudgetBreach['figure'], number | undefined, () => number][] = [
      ...FIGURES.map(
        (f) =>
          [f, budget[f], () => figureOf(f, totals)] as [
            BudgetBreach['figure'],
            number | undefined,
            () => number,
          ],
      ),
      ['perTest', budget.perTest, () => median(samples.map((tests) => sum(tests) / tests.length))],
    ]
    for (const [figure, budgetMs, measure] of figures) {
      if (budgetMs === undefined || samples.length === 0) continue
      checked++
      const actualMs = round(measure())
      if (actualMs > budgetMs)
        breaches.push({ scope, name, figure, actualMs, budgetMs, samples: samples.length, ...at })
    }
  }
  const tests = new Map<string, { record: TestRecord; samples: TestRecord[][] }>()
  for (const run of runs)
    for (const t of run.tests) {
      const entry = tests.get(t.id) ?? { record: t, samples: [] }
      entry.samples.push([t])
      tests.set(t.id, entry)
    }
  for (const [id, { record, samples }] of tests) {
    const budget = budgets.tests?.[id] ?? budgets.test
    if (budget !== undefined) check('test', id, budget, samples, { file: record.file, line: record.line })
  }
  for (const id of Object.keys(budgets.tests ?? {}))
    if (!tests.has(id)) notes.push(`perfBudgets.tests names "${id}", which no checked run recorded.`)
  for (const [file, budget] of Object.entries(budgets.files ?? {})) {
    const wanted = normalise(file)
    const samples = runs
      .map((run) => run.tests.filter((t) => normalise(t.file) === wanted))
      .filter((tests) => tests.length > 0)
    if (samples.length === 0) notes.push(`perfBudgets.files names "${file}", which no checked run recorded.`)
    else check('file', file, budget, samples, { file, line: undefined })
  }
  if (budgets.suite !== undefined)
    check(
      'suite',
      'suite',
      budgets.suite,
      runs.map((run) => run.tests).filter((tests) => tests.length > 0),
      { file: undefined, line: undefined },
    )
  return { kind: 'perf-budgets', samples: runs.length, checked, breaches, notes }
}

function figureOf(figure: (typeof FIGURES)[number], samples: readonly number[]): number {
  if (figure === 'p50') return median(samples)
  const sorted = [...samples].sort((a, b) => a - b)
  if (figure === 'max') return sorted.at(-1) as number
  return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)] as number
}

const sum = (tests: readonly TestRecord[]): number => tests.reduce((s, t) => s + testMs(t), 0)
const round = (ms: number): number => Math.round(ms * 10) / 10
/** `./test/a.ts` and `test/a.ts` name the same file. */
const normalise = (file: string | undefined): string | undefined => file?.replace(/^\.\//, '')
