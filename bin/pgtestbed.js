#!/usr/bin/env node
// The CLI lives in dist/: shipped in the npm package, built by `prepare` in a git checkout.
import { existsSync } from 'node:fs'

if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  process.stderr.write(
    'pgtestbed: dist/ is missing: this checkout was installed without running its `prepare` script ' +
      '(npm --ignore-scripts, or npm allowScripts). Run `npm run build` once, then retry.\n',
  )
  process.exit(2)
}
const { main } = await import('../dist/cli/main.js')
process.exitCode = await main(process.argv.slice(2))
