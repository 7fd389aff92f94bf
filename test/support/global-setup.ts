import type { TestProject } from 'vitest/node'
import { type StartedEngine, startEmbedded } from '../../src/engine/index.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's shared embedded cluster. */
    serverUrl: string
  }
}

let server: StartedEngine | undefined

/** Starts one embedded cluster for the whole test run and hands its URL to every worker. */
export async function setup(project: TestProject): Promise<void> {
  server = await startEmbedded({})
  project.provide('serverUrl', server.url)
}

export async function teardown(): Promise<void> {
  await server?.close()
}
