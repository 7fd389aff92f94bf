#!/usr/bin/env node
// The CLI lives in dist/ (built by `npm run build`, run on `npm ci` through `prepare`).
import { main } from '../dist/cli/main.js'

process.exitCode = await main(process.argv.slice(2))
