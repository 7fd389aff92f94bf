/**
 * Where two definitions (a view's query, a function body, a trigger or check) differ, shown
 * whole: a unified diff of the changed lines with context, or for one-line definitions both
 * lines in full with a caret under the first differing character.
 * @module
 */

/** Lines of context kept around each change. */
const CONTEXT = 2

/**
 * The lines showing how `before` became `after` (`-` removed, `+` added, ` ` context, `@@` hunks).
 *
 * @example
 * definitionDiff('select a,\n b\nfrom t', 'select a,\n c\nfrom t')
 * // ['@@ line 2 @@', '  select a,', '-  b', '+  c', '  from t']
 */
export function definitionDiff(before: string, after: string): string[] {
  const a = before.split('\n')
  const b = after.split('\n')
  if (a.length === 1 && b.length === 1) return oneLine(before, after)
  const ops = lineOps(a, b)
  const out: string[] = []
  // Keep context lines within CONTEXT of a change; elide the rest as hunks.
  const near = ops.map((_, i) =>
    ops.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((op) => op.tag !== ' '),
  )
  let inHunk = false
  for (const [i, op] of ops.entries()) {
    if (!near[i]) {
      inHunk = false
      continue
    }
    if (!inHunk) out.push(`@@ line ${op.line} @@`)
    inHunk = true
    out.push(`${op.tag} ${op.text}`)
  }
  return out
}

function oneLine(before: string, after: string): string[] {
  let at = 0
  while (at < before.length && before[at] === after[at]) at++
  return [`- ${before}`, `+ ${after}`, `  ${' '.repeat(at)}^`]
}

interface LineOp {
  readonly tag: ' ' | '-' | '+'
  readonly text: string
  /** 1-based line in `before` (for `+`, the line it is inserted before). */
  readonly line: number
}

/** A minimal line edit script by longest common subsequence (definitions are short). */
function lineOps(a: readonly string[], b: readonly string[]): LineOp[] {
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  const ops: LineOp[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ tag: ' ', text: a[i]!, line: i + 1 })
      i++
      j++
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Removed lines before added ones, as unified diffs show them.
      ops.push({ tag: '-', text: a[i]!, line: i + 1 })
      i++
    } else {
      ops.push({ tag: '+', text: b[j]!, line: i + 1 })
      j++
    }
  }
  return ops
}
