/**
 * `pgtestbed mock schema`: prints the JSON Schema of stub files, for editors and other tools.
 * @module
 */
import { defineCommand } from '../command.js'
import { withMockCli } from './mock-package.js'

export const mockSchemaCommand = defineCommand({
  name: ['mock', 'schema'],
  summary: 'Print the JSON Schema of mock stub files (for editors: # yaml-language-server: $schema=FILE)',
  async run() {
    return withMockCli('mock schema', ({ STUB_FILE_SCHEMA }) => ({
      data: STUB_FILE_SCHEMA,
      human: JSON.stringify(STUB_FILE_SCHEMA, null, 2),
    }))
  },
})
