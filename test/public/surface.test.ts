// The public surface rule (docs/DESIGN: "each export with a JSDoc example and named in the docs"):
// every name a published subpath exports is used in the docs' code (README.md, docs/*.md), or is a
// type that a documented name's declaration uses; every function, class and constant carries a
// JSDoc @example. The names come from the API reports in etc/api/, which `npm run check`
// compares with the built declarations.
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const read = (path: string) => readFileSync(join(root, path), 'utf8')

interface Entry {
  readonly subpath: string
  /** File name in etc/api/, src/public/ and dist/public/. */
  readonly name: string
}

interface Declared {
  readonly name: string
  readonly kind: 'value' | 'type'
  /** The declaration's text in the report (signature or body of an interface). */
  readonly text: string
}

const exportsField = JSON.parse(read('package.json')).exports as Record<string, string | { types?: string }>
const entries: Entry[] = Object.entries(exportsField).flatMap(([subpath, target]) =>
  typeof target === 'object' && target.types !== undefined
    ? [{ subpath: join('pgtestbed', subpath), name: basename(target.types, '.d.ts') }]
    : [],
)

const TOP_LEVEL = /^(export )?(declare )?(function|class|interface|type|const|let|enum|namespace) ([\w$]+)/

/** The exported declarations of one API report. */
function reportExports(name: string): Declared[] {
  const text = read(`etc/api/${name}.api.md`)
  const code = text.slice(text.indexOf('```ts') + 5, text.lastIndexOf('```'))
  const blocks: { exported: boolean; keyword: string; name: string; lines: string[] }[] = []
  const found: Declared[] = []
  for (const line of code.split('\n')) {
    const top = TOP_LEVEL.exec(line)
    const reexport = /^export \{ ([^}]+) \}/.exec(line)
    const defaultExport = /^export default ([\w$]+);/.exec(line)
    if (top) {
      blocks.push({
        exported: top[1] !== undefined,
        keyword: top[3] ?? '',
        name: top[4] ?? '',
        lines: [line],
      })
    } else if (reexport) {
      // Re-exported from a dependency (vitest's `expect`).
      for (const n of (reexport[1] ?? '').split(',')) found.push({ name: n.trim(), kind: 'value', text: '' })
    } else if (defaultExport) {
      const target = blocks.find((b) => b.name === defaultExport[1])
      found.push({ name: 'default', kind: 'value', text: target?.lines.join('\n') ?? '' })
    } else if (/^(\/\/|import |$)/.test(line)) {
      blocks.push({ exported: false, keyword: '', name: '', lines: [] }) // ends the previous block
    } else {
      blocks.at(-1)?.lines.push(line)
    }
  }
  for (const b of blocks.filter((b) => b.exported)) {
    const kind = b.keyword === 'interface' || b.keyword === 'type' ? 'type' : 'value'
    found.push({ name: b.name, kind, text: b.lines.join('\n') })
  }
  return found
}

/** The code of the docs: fenced blocks and inline code spans of README.md and docs/*.md. */
function docsCode(): string {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).map((f) => `docs/${f}`)]
  const parts: string[] = []
  for (const file of files.filter((f) => f.endsWith('.md'))) {
    const text = read(file)
    const fenced = /^```[^\n]*\n([\s\S]*?)^```/gm
    for (const m of text.matchAll(fenced)) parts.push(m[1] ?? '')
    for (const m of text.replace(fenced, '').matchAll(/`([^`\n]+)`/g)) parts.push(m[1] ?? '')
  }
  return parts.join('\n')
}

const surface = new Map(entries.map((e) => [e, reportExports(e.name)]))
const code = docsCode()
const usedInDocs = (name: string) =>
  new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(code)

/** Names documented, or types used (transitively) by the declaration of a documented name. */
function coveredNames(): Set<string> {
  const all = [...surface.values()].flat()
  const covered = new Set(all.filter((d) => d.name !== 'default' && usedInDocs(d.name)).map((d) => d.name))
  const declared = new Map<string, Declared[]>()
  for (const d of all) declared.set(d.name, [...(declared.get(d.name) ?? []), d])
  const queue = [...covered]
  // A default export is documented by its subpath (e.g. globalSetup: ['pgtestbed/vitest/global-setup']).
  for (const [entry, names] of surface) {
    if (names.some((d) => d.name === 'default') && code.includes(entry.subpath))
      queue.push(`${entry.name}#default`)
  }
  while (queue.length > 0) {
    const name = queue.pop() ?? ''
    const texts = name.endsWith('#default')
      ? (surface.get(entries.find((e) => `${e.name}#default` === name) as Entry) ?? [])
          .filter((d) => d.name === 'default')
          .map((d) => d.text)
      : (declared.get(name) ?? []).map((d) => d.text)
    // Types the declaration names, and values it names as a type (`version: typeof MODEL_VERSION`).
    for (const m of texts.join('\n').matchAll(/(typeof\s+)?([A-Za-z_$][\w$]*)/g)) {
      const word = m[2] ?? ''
      const kinds = (declared.get(word) ?? []).map((d) => d.kind)
      if (!covered.has(word) && (kinds.includes('type') || (m[1] !== undefined && kinds.includes('value')))) {
        covered.add(word)
        queue.push(word)
      }
    }
  }
  return covered
}

describe('the public surface', () => {
  it('has an API report for every published subpath', () => {
    const reports = readdirSync(join(root, 'etc/api')).filter((f) => f.endsWith('.api.md'))
    expect(reports.sort()).toEqual(entries.map((e) => `${e.name}.api.md`).sort())
    const counts = Object.fromEntries(entries.map((e) => [e.subpath, surface.get(e)?.length]))
    expect(counts['pgtestbed']).toBeGreaterThan(0)
  })

  it('names every published subpath in the docs', () => {
    const missing = entries.filter((e) => e.subpath !== 'pgtestbed' && !code.includes(e.subpath))
    expect(missing.map((e) => e.subpath)).toEqual([])
  })

  it('exports only names used in the docs, or types that a documented name uses', () => {
    const covered = coveredNames()
    const undocumented: string[] = []
    for (const [entry, names] of surface) {
      for (const d of names) {
        if (d.name === 'default' ? !code.includes(entry.subpath) : !covered.has(d.name)) {
          undocumented.push(`${entry.subpath}: ${d.name} (${d.kind})`)
        }
      }
    }
    expect(
      undocumented,
      'document each (README.md or docs/*.md), or stop exporting it from src/public/',
    ).toEqual([])
  })

  it('gives every exported function, class and constant a JSDoc @example', () => {
    // The built declarations (npm test builds first): they keep the JSDoc and type-check fast.
    const files = entries.map((e) => join(root, 'dist/public', `${e.name}.d.ts`))
    const program = ts.createProgram(files, {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    })
    const checker = program.getTypeChecker()
    const missing: string[] = []
    for (const [i, file] of files.entries()) {
      const source = program.getSourceFile(file)
      const module = source && checker.getSymbolAtLocation(source)
      for (const symbol of module ? checker.getExportsOfModule(module) : []) {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
        if (!(target.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable)))
          continue
        const declarations = (target.declarations ?? []).filter(
          (d) => !d.getSourceFile().fileName.includes('node_modules'),
        )
        if (declarations.length === 0) continue // re-exported from a dependency (vitest's expect)
        const tags = declarations.flatMap((d) => ts.getJSDocTags(d))
        if (!tags.some((t) => t.tagName.text === 'example'))
          missing.push(`${entries[i]?.subpath}: ${symbol.getName()}`)
      }
    }
    expect(missing, 'add an @example to the JSDoc of each declaration').toEqual([])
  })
})
