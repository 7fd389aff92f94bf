/**
 * Checks `perfBudgets`: its keys under `tests` and `files` are the user's own names, so the
 * field-by-field rules of validate-config cannot describe them.
 * @module
 */

const SCOPES = ['test', 'tests', 'files', 'suite']
const FIGURES = ['p50', 'p95', 'max']
const EXAMPLE =
  "{ test: { p95: 300 }, files: { 'test/slow.test.ts': { p50: 1000 } }, suite: { p50: 480000 } }"

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/** Every problem of a `perfBudgets` value, each naming its field. */
export function budgetProblems(value: unknown): string[] {
  if (!isObject(value)) return [`"perfBudgets" is ${show(value)}; it must be an object like ${EXAMPLE}`]
  const problems: string[] = []
  for (const [scope, v] of Object.entries(value)) {
    const field = `perfBudgets.${scope}`
    if (!SCOPES.includes(scope))
      problems.push(`unknown field "${field}" (known fields: ${SCOPES.join(', ')})`)
    else if (scope === 'test' || scope === 'suite') problems.push(...budget(v, field, scope === 'suite'))
    else if (!isObject(v))
      problems.push(
        `"${field}" is ${show(v)}; it must be an object of name: budget, e.g. { 'test/slow.test.ts': { p50: 1000 } }`,
      )
    else
      for (const [name, b] of Object.entries(v))
        problems.push(...budget(b, `${field}["${name}"]`, scope === 'files'))
  }
  return problems
}

function budget(value: unknown, field: string, ofMany: boolean): string[] {
  if (!isObject(value) || Object.keys(value).length === 0)
    return [
      `"${field}" is ${show(value)}; it must be a budget in milliseconds like { p50: 100, p95: 300, max: 1000 }`,
    ]
  return Object.entries(value).flatMap(([key, v]) => {
    if (key === 'perTest' && !ofMany)
      return [
        `"${field}.perTest" is for files and the suite (the mean of their tests); a single test's budget takes ${FIGURES.join(', ')}`,
      ]
    if (!FIGURES.includes(key) && key !== 'perTest')
      return [
        `unknown field "${field}.${key}" (known fields: ${[...FIGURES, ...(ofMany ? ['perTest'] : [])].join(', ')})`,
      ]
    return typeof v === 'number' && Number.isFinite(v) && v > 0
      ? []
      : [`"${field}.${key}" is ${show(v)}; it must be a number of milliseconds (more than 0)`]
  })
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? typeof v
}
