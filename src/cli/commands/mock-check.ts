/**
 * `pgtestbed mock check --dir DIR`: validates stub files; exit 1 with file:line problems.
 * @module
 */
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineCommand, usageError } from '../command.js'
import { withMockCli } from './mock-package.js'

export const mockCheckCommand = defineCommand({
  name: ['mock', 'check'],
  summary: 'Validate mock stub files (exit 1 listing each problem as file:line:column)',
  options: { dir: { type: 'string', value: 'DIR', description: 'The folder of stub files (required)' } },
  async run(args, io) {
    const raw = args.values['dir']
    if (typeof raw !== 'string')
      throw usageError('mock check needs --dir DIR: the folder of stub files to validate')
    const dir = resolve(io.cwd, raw)
    let isDir = false
    try {
      isDir = statSync(dir).isDirectory()
    } catch {
      // reported below
    }
    if (!isDir)
      throw usageError(`--dir ${raw} is not a folder (resolved to ${dir}); pass the folder of stub files`)
    return withMockCli('mock check', (mock) => {
      const data = mock.checkMockDir(dir)
      const summary = `${data.stubs} stub${data.stubs === 1 ? '' : 's'} in ${data.files} file${data.files === 1 ? '' : 's'}; scenarios: ${['default', ...data.scenarios].join(', ')}${data.packData.length === 0 ? '' : `; pack data: ${data.packData.join(', ')}`}`
      if (data.problems.length === 0) return { data, human: `ok: ${summary}` }
      const lines = data.problems.map((p) => mock.formatProblem(p))
      return {
        data,
        exitCode: 1,
        human: `${data.problems.length} problem${data.problems.length === 1 ? '' : 's'} in ${raw}:\n${lines.join('\n')}`,
      }
    })
  },
})
