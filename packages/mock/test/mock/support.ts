import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { PassThrough } from 'node:stream'
import { onTestFinished } from 'vitest'
import type { ServeIO } from '../../src/cli/serve-mock.js'

/** A temporary folder with these files (path → content), removed after the test. */
export function stubFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgtestbed-mock-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** What a raw request saw: a response, or the socket error code. */
export type RawOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; body: string }
  | { kind: 'error'; code: string; bodySoFar: string; status?: number }

/** One request on a fresh connection (no keep-alive), reporting socket errors as data. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          body += c
        })
        res.on('end', () =>
          resolve({ kind: 'response', status: res.statusCode ?? 0, headers: res.headers, body }),
        )
        res.on('error', (err: NodeJS.ErrnoException) =>
          resolve({ kind: 'error', code: err.code ?? err.message, bodySoFar: body, status: res.statusCode }),
        )
        res.on('aborted', () =>
          resolve({ kind: 'error', code: 'ABORTED', bodySoFar: body, status: res.statusCode }),
        )
      },
    )
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ kind: 'error', code: err.code ?? err.message, bodySoFar: '' }),
    )
    req.end(options.body)
  })
}

/** `mock serve`'s IO, with what it wrote to stdout and stderr kept as text. */
export function bufferIO(env: NodeJS.ProcessEnv = {}): ServeIO & { out(): string; err(): string } {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (c) => {
    out += c
  })
  stderr.on('data', (c) => {
    err += c
  })
  return { stdout, stderr, cwd: process.cwd(), env, out: () => out, err: () => err }
}
