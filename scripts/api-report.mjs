#!/usr/bin/env node
// The public API report: one api-extractor run per published subpath (package.json `exports`),
// reading the built declarations (dist/public/*.d.ts, so `npm run build` first) and writing
// etc/api/<entry>.api.md.
//
//   node scripts/api-report.mjs          update the reports (npm run api: build, then this)
//   node scripts/api-report.mjs --check  fail, printing the difference, when a report is out of date
//                                        (npm run check, after npm test's build)
//
// All entry points share one TypeScript program (CompilerState), which keeps the run to seconds.
// The mock's own package (packages/mock, @pgtestbed/mock) is covered through pgtestbed/mock,
// pgtestbed/mock/vitest-setup and pgtestbed/oauth, which re-export it (bundledPackages below).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CompilerState, Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor'

const root = fileURLToPath(new URL('..', import.meta.url))
const check = process.argv.includes('--check')
const reportFolder = join(root, 'etc/api')
const tempFolder = join(root, 'node_modules/.cache/pgtestbed-api-report')
const packageJsonPath = join(root, 'package.json')
const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8'))

/** Published subpaths with declarations: `{ subpath, name, dts }`, name = the file name in dist/public. */
export function entryPoints(pkg = packageJson) {
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object' && target.types !== undefined)
    .map(([subpath, target]) => ({
      subpath,
      name: basename(target.types, '.d.ts'),
      dts: join(root, target.types),
    }))
}

function configFor(entry) {
  return ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: entry.dts,
      // pgtestbed/mock and pgtestbed/oauth re-export the workspace package @pgtestbed/mock: report
      // its declarations inline, so a change to the mock's surface shows in etc/api/ too.
      bundledPackages: ['@pgtestbed/mock'],
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2023',
            lib: ['ES2023', 'esnext.disposable'],
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            skipLibCheck: true,
            types: ['node'],
          },
          files: entryPoints().map((e) => e.dts),
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: entry.name,
        reportFolder,
        reportTempFolder: tempFolder,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          // A type one entry point uses must be public: exported by that entry point or another
          // (checked in main, where the public names are known).
          'ae-forgotten-export': { logLevel: 'warning', addToApiReportFile: false },
          // No @public/@beta tags: everything a subpath exports is public.
          'ae-missing-release-tag': { logLevel: 'none' },
          // Members without a comment are marked "(undocumented)" in the report; no list at its end.
          'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
        },
        // JSDoc style is not api-extractor's TSDoc (`@module`, `@example` code without fences).
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: undefined,
    packageJson,
    packageJsonFullPath: packageJsonPath,
  })
}

/** Every name some public entry point exports (a type used by one subpath may live in another). */
function exportedNames(program, entries) {
  const checker = program.getTypeChecker()
  const names = new Set()
  for (const entry of entries) {
    const file = program.getSourceFile(entry.dts)
    const module = file && checker.getSymbolAtLocation(file)
    for (const symbol of module ? checker.getExportsOfModule(module) : []) names.add(symbol.getName())
  }
  return names
}

function main() {
  const entries = entryPoints()
  const missing = entries.filter((e) => !existsSync(e.dts))
  if (missing.length > 0) {
    console.error(
      `api-report: ${missing.map((e) => relative(root, e.dts)).join(', ')} not found. Run npm run build first.`,
    )
    process.exit(2)
  }
  mkdirSync(reportFolder, { recursive: true })
  mkdirSync(tempFolder, { recursive: true })
  const configs = entries.map(configFor)
  const compilerState = CompilerState.create(configs[0], { additionalEntryPoints: entries.map((e) => e.dts) })
  const publicNames = exportedNames(compilerState.program, entries)
  const changed = []
  let problems = 0
  for (const [i, entry] of entries.entries()) {
    const result = Extractor.invoke(configs[i], {
      localBuild: !check,
      compilerState,
      messageCallback: (message) => {
        if (message.logLevel === ExtractorLogLevel.Info || message.logLevel === ExtractorLogLevel.Verbose) {
          message.handled = true
        }
        // Said below, with the difference.
        if (message.messageId.startsWith('console-api-report-')) message.handled = true
        if (message.messageId === 'ae-forgotten-export') {
          message.handled = true
          const name = /The symbol "([^"]+)"/.exec(message.text)?.[1] ?? ''
          if (!publicNames.has(name)) {
            problems++
            const where = message.sourceFilePath
              ? ` (${relative(root, message.sourceFilePath)}:${message.sourceFileLine})`
              : ''
            console.error(
              `api-report: '${join('pgtestbed', entry.subpath)}' uses the type ${name}${where}, which no public entry point exports. Export it from src/public/ (or stop using it in the public API).`,
            )
          }
        }
      },
    })
    problems += result.errorCount
    if (result.apiReportChanged) changed.push(entry)
  }
  if (!check) {
    console.log(
      changed.length === 0
        ? `api-report: ${entries.length} reports up to date in etc/api/`
        : `api-report: updated ${changed.map((e) => `etc/api/${e.name}.api.md`).join(', ')}`,
    )
    process.exit(problems > 0 ? 1 : 0)
  }
  if (changed.length === 0 && problems === 0) {
    console.log(`api-report: the public API (${entries.length} entry points) matches etc/api/`)
    return
  }
  for (const entry of changed) {
    const committed = join(reportFolder, `${entry.name}.api.md`)
    const current = join(tempFolder, `${entry.name}.api.md`)
    console.error(`\nThe public API of '${join('pgtestbed', entry.subpath)}' changed:`)
    if (!existsSync(committed)) {
      console.error(`  etc/api/${entry.name}.api.md does not exist yet.`)
      continue
    }
    const diff = spawnSync(
      'diff',
      ['-u', '--label', `etc/api/${entry.name}.api.md (committed)`, '--label', 'now', committed, current],
      {
        encoding: 'utf8',
      },
    )
    console.error(diff.stdout || `  compare ${committed} with ${current}`)
  }
  const why = [
    ...(changed.length > 0 ? [`${changed.length} report(s) differ from etc/api/`] : []),
    ...(problems > 0 ? [`${problems} problem(s) listed above`] : []),
  ].join(' and ')
  console.error(
    `Failed to check the public API: ${why}. ` +
      'If the change is intended, run npm run api and commit etc/api/; otherwise change src/public/ back.',
  )
  process.exit(1)
}

main()
