/**
 * The request pipeline: pick the scenario, read the body, then answer from a stub, a pack or the
 * record proxy (or explain why nothing matched), apply faults, send, journal.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { decideFaults, type PlannedResponse, rewriteForFault } from './faults.js'
import { flattenHeaders, fromMockResponse, json, parseJsonBody, readBody } from './http-plumbing.js'
import type { AnsweredBy } from './journal.js'
import { type MockCore, scenarioFaults } from './mock-core.js'
import type { MockRequest, MockResponse } from './pack.js'
import { redactRequest } from './redact-request.js'
import { markServed, type RouteMatch } from './router.js'
import { baseOf, DEFAULT_SCENARIO, type ScenarioState } from './scenarios.js'
import { sendResponse } from './send-response.js'
import type { TemplateContext } from './template.js'

const SCENARIO_PREFIX = '/__scenario/'
// Shared empty values: journal entries are retained, so fewer objects per request means less GC.
const NO_FAULTS: readonly string[] = Object.freeze([])
const NO_QUERY: Readonly<Record<string, string>> = Object.freeze({})

/**
 * The header that picks a scenario (`x-mock-scenario`).
 *
 * @example
 * await fetch(`${mock.url}/users/7`, { headers: { [SCENARIO_HEADER]: 'slow-google' } })
 */
export const SCENARIO_HEADER = 'x-mock-scenario'

/**
 * Answers one non-admin request.
 *
 * @example
 * server.on('request', (req, res) => void handleRequest(core, req, res))
 */
export async function handleRequest(
  core: MockCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
): Promise<void> {
  const arrived = core.clock.now()
  const q = url.indexOf('?')
  let path = q === -1 ? url : url.slice(0, q)
  const query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1))
  const headers = flattenHeaders(req.headers)
  let scenario: string
  let prefix = ''
  if (path.startsWith(SCENARIO_PREFIX)) {
    const end = path.indexOf('/', SCENARIO_PREFIX.length)
    scenario = safeDecode(path.slice(SCENARIO_PREFIX.length, end === -1 ? undefined : end))
    prefix = end === -1 ? path : path.slice(0, end)
    path = end === -1 ? '/' : path.slice(end)
  } else {
    scenario =
      headers[SCENARIO_HEADER] ??
      core.scenarios.boundScenario(headers, req.socket.remoteAddress) ??
      DEFAULT_SCENARIO
  }
  const body = readBody(req)
  const rawBody = typeof body === 'string' ? body : await body
  const journal = (
    answeredBy: AnsweredBy,
    status: number | undefined,
    faults: readonly string[] = NO_FAULTS,
  ): void => {
    const request = {
      query: q === -1 ? NO_QUERY : Object.fromEntries(query),
      headers,
      body: rawBody,
    }
    const entry = {
      at: arrived.toISOString(),
      scenario,
      method: req.method ?? 'GET',
      path,
      ...(core.journalSecrets === 'keep' ? request : redactRequest(request)),
      answeredBy,
      status,
      faults,
    }
    const stored = core.journal.record(entry)
    core.onRequest?.(stored)
  }

  // Recording may name new scenarios: they become known (and scope the recorded stubs).
  if (core.recorder !== undefined) core.scenarios.declare(baseOf(scenario))
  if (!core.scenarios.isKnown(scenario)) {
    const known = core.scenarios.known()
    await sendResponse(
      res,
      json(404, {
        error: `unknown scenario "${scenario}"`,
        knownScenarios: known,
        hint: 'Pick one of knownScenarios with the x-mock-scenario header or a /__scenario/<id>/ path prefix; an id may add an instance suffix, e.g. "default#test-1".',
      }),
      undefined,
    )
    journal({ kind: 'none', reason: 'unknown-scenario' }, 404)
    return
  }
  const parsed = parseJsonBody(headers['content-type'], rawBody)
  if (parsed.error !== undefined && core.recorder === undefined) {
    await sendResponse(
      res,
      json(400, {
        error: 'malformed JSON request body',
        detail: parsed.error,
        hint: 'The request says content-type JSON but its body does not parse; fix the client or the content-type.',
      }),
      undefined,
    )
    journal({ kind: 'none', reason: 'malformed-json' }, 400)
    return
  }
  const request: MockRequest = {
    method: req.method ?? 'GET',
    path,
    query,
    headers,
    rawBody,
    json: parsed.value,
    scenario,
  }
  const state = core.scenarios.get(scenario)

  if (core.recorder !== undefined) {
    const planned = await core.recorder.forward(request, url)
    await sendResponse(res, planned, undefined)
    journal({ kind: 'record', target: core.recorder.target }, planned.status)
    return
  }

  let planned: PlannedResponse
  let answeredBy: AnsweredBy
  let delayMs = 0
  let faults = scenarioFaults(core, state)
  const match = core.router.match(request, state)
  if (match !== undefined) {
    const built = answerFromStub(match, request, state, core)
    planned = built.planned
    delayMs = built.delayMs
    answeredBy = match.stub.answeredBy
    if (match.stub.faults.length > 0) faults = [...match.stub.faults, ...faults]
  } else {
    const fromPack = await answerFromPacks(core, request, state, prefix)
    if (fromPack === undefined) {
      const nearest = core.router.nearMisses(request, state)
      await sendResponse(
        res,
        json(404, {
          error: 'no stub matched',
          request: { method: request.method, path, scenario },
          nearest,
          hint:
            nearest.length === 0
              ? 'No stubs are loaded for this scenario; add stubs or enable packs.'
              : 'nearest lists the closest stubs and why each did not match.',
        }),
        undefined,
      )
      journal({ kind: 'none', reason: 'no-match' }, 404)
      return
    }
    planned = fromPack.planned
    answeredBy = fromPack.answeredBy
  }
  const decision = decideFaults(faults, state)
  delayMs += decision.latencyMs
  if (delayMs > 0) await pause(delayMs, core.closing)
  planned = rewriteForFault(planned, decision.terminal, state.random)
  const sending = sendResponse(res, planned, decision.terminal, core.closing)
  if (sending !== undefined) await sending
  const broken =
    decision.terminal?.kind === 'connection-reset' || decision.terminal?.kind === 'empty-response'
  journal(answeredBy, broken ? undefined : planned.status, decision.fired)
}

function answerFromStub(
  match: RouteMatch,
  request: MockRequest,
  state: ScenarioState,
  core: MockCore,
): { planned: PlannedResponse; delayMs: number } {
  const { stub, params } = match
  const served = markServed(stub, state)
  const n = stub.responses.length
  const response =
    stub.responses[n === 1 ? 0 : stub.repeat === 'cycle' ? served % n : Math.min(served, n - 1)]!
  let ctx: TemplateContext | undefined
  const context = (): TemplateContext => {
    ctx ??= {
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      rawBody: request.rawBody,
      json: request.json,
      params,
      scenario: state.id,
      now: core.clock.now(),
      nextSeq: () => ++state.seq,
      random: state.random,
    }
    return ctx
  }
  const headers: Record<string, string> = {}
  if (response.contentType !== undefined) headers['content-type'] = response.contentType
  for (const [name, render] of response.headers) headers[name] = render(context())
  const body =
    response.body.kind === 'static' ? response.body.bytes : Buffer.from(response.body.render(context()))
  const delay = response.delay
  const delayMs =
    delay === undefined
      ? 0
      : typeof delay === 'number'
        ? delay
        : delay.min + state.random() * (delay.max - delay.min)
  return { planned: { status: response.status, headers, body }, delayMs }
}

async function answerFromPacks(
  core: MockCore,
  request: MockRequest,
  state: ScenarioState,
  prefix: string,
): Promise<{ planned: PlannedResponse; answeredBy: AnsweredBy } | undefined> {
  for (const pack of core.packs) {
    let packState = state.packState.get(pack.name)
    if (packState === undefined) {
      packState = new Map()
      state.packState.set(pack.name, packState)
    }
    const ctx = {
      scenario: state.id,
      state: packState,
      data: core.packData.get(pack.name)?.get(state.base),
      now: () => core.clock.now(),
      baseUrl: core.baseUrl,
      requestBaseUrl: core.baseUrl + prefix,
    }
    let response: MockResponse | undefined
    try {
      response = await pack.handle(request, ctx)
    } catch (err) {
      return {
        planned: json(500, { error: `mock pack "${pack.name}" failed: ${(err as Error).message}` }),
        answeredBy: { kind: 'pack', name: pack.name },
      }
    }
    if (response !== undefined)
      return { planned: fromMockResponse(response), answeredBy: { kind: 'pack', name: pack.name } }
  }
  return undefined
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal })
  } catch {
    // Closing: answer at once (the socket is going away anyway).
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}
