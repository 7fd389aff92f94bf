import { PassThrough } from 'node:stream'
import type { CommandIO } from '../../src/cli/command.js'
import { main } from '../../src/cli/main.js'

/** Runs the CLI in-process with captured output. */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const collect = () => {
    const stream = new PassThrough()
    let text = ''
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8')
    })
    return { stream, text: () => text }
  }
  const out = collect()
  const err = collect()
  const io: CommandIO = { stdout: out.stream, stderr: err.stream, cwd: process.cwd(), env }
  const code = await main(argv, io)
  await new Promise((resolve) => setImmediate(resolve))
  return { code, stdout: out.text(), stderr: err.text() }
}
