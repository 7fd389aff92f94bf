/**
 * The mock with the official SDKs in the loop: 100 SDK calls (openid-client token refreshes,
 * @googleapis/calendar events.list / events.insert / freeBusy, Microsoft Graph calendarView /
 * getSchedule) per loop, against the mock's provider packs and against a plain node:http server
 * replaying the mock's recorded answers (the floor: same bytes, no mock logic), in the same run.
 * Time in the server is measured on the server's side (request parsed → response finished, per
 * request, and the server process's CPU time); the rest of the loop's wall time is the SDKs', the
 * HTTP client's and loopback's. Also: mock start-up (startMockServer until listening) and a
 * scenario switch (reset + the first calls, which rebuild the scenario's pack state); and the built
 * CLI's `mock serve` from spawn to listening (needs `npm run build`).
 *
 * Usage: npx jiti bench/mock-sdk.ts [--rounds 15] [--switches 20]
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { calendar as googleCalendar } from '@googleapis/calendar'
import { OAuth2Client } from 'google-auth-library'
import * as oidc from 'openid-client'
import { graphClient } from '../packages/mock/test/mock/packs/helpers/graph-client.js'
import type { ChildMessage, TakeReply } from './mock-sdk-server.js'

const args = new Map<string, string>()
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '')
const ROUNDS = Number(args.get('rounds') ?? 15)
const SWITCHES = Number(args.get('switches') ?? 20)
const SCENARIO = 'bench'
const DAY = { from: '2026-05-04T00:00:00Z', to: '2026-05-05T00:00:00Z' }

type Call = 'token' | 'list' | 'insert' | 'freeBusy' | 'view' | 'schedule'

/** 100 calls: a token refresh every 10th, the other 90 spread in a fixed shuffled order. */
function callPlan(): Call[] {
  const rest: Call[] = [
    ...Array<Call>(25).fill('list'),
    ...Array<Call>(15).fill('insert'),
    ...Array<Call>(15).fill('freeBusy'),
    ...Array<Call>(20).fill('view'),
    ...Array<Call>(15).fill('schedule'),
  ]
  const shuffled = rest.map((c, i) => ({ c, k: (i * 37) % rest.length })).sort((a, b) => a.k - b.k)
  const plan: Call[] = []
  for (let i = 0; i < 10; i++) plan.push('token', ...shuffled.slice(i * 9, i * 9 + 9).map((x) => x.c))
  return plan
}

/** The three SDKs pointed at one server, the way an app's test would set them up. */
async function sdkClients(url: string) {
  const config = await oidc.discovery(new URL(`${url}/__scenario/${SCENARIO}`), 'app', 's3cret', undefined, {
    execute: [oidc.allowInsecureRequests],
  })
  let token = ''
  const auth = new OAuth2Client()
  const google = googleCalendar({
    version: 'v3',
    rootUrl: `${url}/`,
    auth,
    headers: { 'x-mock-scenario': SCENARIO },
  })
  const graph = graphClient({ baseUrl: url, token: async () => token, scenario: SCENARIO, maxRetries: 0 })
  let inserted = 0
  const run = async (call: Call): Promise<void> => {
    switch (call) {
      case 'token': {
        const tokens = await oidc.refreshTokenGrant(config, 'r-1')
        token = tokens.access_token
        auth.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 })
        return
      }
      case 'list':
        await google.events.list({
          calendarId: 'primary',
          timeMin: DAY.from,
          timeMax: DAY.to,
          maxResults: 50,
        })
        return
      case 'insert': {
        const minute = String(inserted++ % 60).padStart(2, '0')
        await google.events.insert({
          calendarId: 'primary',
          requestBody: {
            summary: 'Bench',
            start: { dateTime: `2026-05-04T18:${minute}:00Z` },
            end: { dateTime: `2026-05-04T19:${minute}:00Z` },
          },
        })
        return
      }
      case 'freeBusy':
        await google.freebusy.query({
          requestBody: {
            timeMin: DAY.from,
            timeMax: DAY.to,
            items: [{ id: 'primary' }, { id: 'bob@example.com' }],
          },
        })
        return
      case 'view':
        await graph
          .api('/me/calendarView')
          .query({ startDateTime: DAY.from, endDateTime: DAY.to })
          .top(10)
          .get()
        return
      case 'schedule':
        await graph.api('/me/calendar/getSchedule').post({
          schedules: ['adele@contoso.com', 'megan@contoso.com'],
          startTime: { dateTime: '2026-05-04T06:00:00', timeZone: 'UTC' },
          endTime: { dateTime: '2026-05-04T18:00:00', timeZone: 'UTC' },
          availabilityViewInterval: 30,
        })
        return
    }
  }
  return { run }
}

async function startChild(argv: string[]): Promise<{ child: ChildProcess; url: string }> {
  const jiti = createRequire(import.meta.url)
    .resolve('jiti/package.json')
    .replace(/package\.json$/, 'lib/jiti-cli.mjs')
  const script = fileURLToPath(new URL('./mock-sdk-server.ts', import.meta.url))
  const child = spawn(process.execPath, [jiti, script, ...argv], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (c) => {
      out += c
      if (out.includes('\n')) resolve(Number(out.split('\n')[0]))
    })
    child.on('exit', (code) => reject(new Error(`${argv[0]} server exited with ${code}`)))
  })
  return { child, url: `http://127.0.0.1:${port}` }
}

function ask(child: ChildProcess, message: ChildMessage): Promise<TakeReply> {
  return new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as TakeReply))
    child.send(message)
  })
}

async function resetScenario(url: string): Promise<void> {
  const res = await fetch(`${url}/__admin/scenarios/${SCENARIO}/reset`, { method: 'POST' })
  if (!res.ok) throw new Error(`reset failed: ${res.status}`)
}

interface Loop {
  readonly wallMs: number
  readonly serverMs: number
  readonly serverCpuMs: number
  readonly requests: number
  /** Server-side ms of each request, in plan order (the calls run one after another). */
  readonly perRequest: readonly number[]
}

/** One loop of the plan; `reset` first puts the mock's scenario back to its data (outside the timing). */
async function loop(child: ChildProcess, url: string, plan: Call[], reset: boolean): Promise<Loop> {
  if (reset) await resetScenario(url)
  const clients = await sdkClients(url)
  const before = await ask(child, { kind: 'take' })
  const t0 = performance.now()
  for (const call of plan) await clients.run(call)
  const wallMs = performance.now() - t0
  const after = await ask(child, { kind: 'take' })
  return {
    wallMs,
    serverMs: after.requestMs.reduce((a, b) => a + b, 0),
    serverCpuMs: (after.cpuUs - before.cpuUs) / 1000,
    requests: after.requestMs.length,
    perRequest: after.requestMs,
  }
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}
const fmt = (n: number, digits = 1): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

/** ms from spawning `argv` until its stdout has a line matching `ready` (then it is killed). */
async function timeToReady(argv: string[], ready: RegExp): Promise<number> {
  const t0 = performance.now()
  const child = spawn(process.execPath, argv, {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const ms = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (c) => {
      out += c
      if (ready.test(out)) resolve(performance.now() - t0)
    })
    child.on('exit', (code) => reject(new Error(`${argv.join(' ')} exited with ${code} before it was ready`)))
  })
  child.removeAllListeners('exit')
  child.kill('SIGTERM')
  return ms
}

/** `pgtestbed mock serve` (built CLI) from spawn until it prints its URL, against node printing one line. */
async function cliStartup(): Promise<{ serve: number; node: number }> {
  const serve: number[] = []
  const node: number[] = []
  for (let i = 0; i < 5; i++) {
    node.push(await timeToReady(['-e', 'console.log("ready")'], /ready/))
    serve.push(
      await timeToReady(
        [
          'bin/pgtestbed.js',
          'mock',
          'serve',
          '--port',
          '0',
          '--packs',
          'oauth2,google-calendar,microsoft-graph',
        ],
        /listening on http/,
      ),
    )
  }
  return { serve: median(serve), node: median(node) }
}

const plan = callPlan()
const cli = await cliStartup()
const mock = await startChild(['mock'])
const work = mkdtempSync(join(tmpdir(), 'pgtestbed-mock-sdk-'))
try {
  const { startup } = await ask(mock.child, { kind: 'take' })
  // Warm-up loop, recorded: its answers are what the replay server sends.
  await resetScenario(mock.url)
  await ask(mock.child, { kind: 'record', on: true })
  await loop(mock.child, mock.url, plan, false)
  await ask(mock.child, { kind: 'record', on: false })
  const { recorded } = await ask(mock.child, { kind: 'take' })
  const file = join(work, 'answers.json')
  writeFileSync(file, JSON.stringify({ answers: recorded, from: mock.url }))
  const replay = await startChild(['replay', file])
  try {
    await loop(replay.child, replay.url, plan, false)
    const mockLoops: Loop[] = []
    const replayLoops: Loop[] = []
    // Alternate the two servers so the machine's load hits both alike.
    for (let r = 0; r < ROUNDS; r++) {
      mockLoops.push(await loop(mock.child, mock.url, plan, true))
      replayLoops.push(await loop(replay.child, replay.url, plan, false))
    }
    for (const l of [...mockLoops, ...replayLoops])
      if (l.requests !== plan.length)
        throw new Error(`a loop made ${l.requests} requests, not ${plan.length}`)

    // Scenario switch: reset the scenario (its state goes), then the first token / list / calendarView
    // calls, which rebuild its pack state from the data — against the same three calls once warm.
    const clients = await sdkClients(mock.url)
    const switchMs: number[] = []
    const warmMs: number[] = []
    const resetMs: number[] = []
    const three: Call[] = ['token', 'list', 'view']
    for (let s = 0; s < SWITCHES; s++) {
      await ask(mock.child, { kind: 'take' })
      await resetScenario(mock.url)
      resetMs.push((await ask(mock.child, { kind: 'take' })).requestMs[0]!)
      for (const call of three) await clients.run(call)
      switchMs.push((await ask(mock.child, { kind: 'take' })).requestMs.reduce((a, b) => a + b, 0))
      for (const call of three) await clients.run(call)
      warmMs.push((await ask(mock.child, { kind: 'take' })).requestMs.reduce((a, b) => a + b, 0))
    }

    const row = (name: string, loops: Loop[]) => {
      const wall = median(loops.map((l) => l.wallMs))
      const server = median(loops.map((l) => l.serverMs))
      const cpu = median(loops.map((l) => l.serverCpuMs))
      console.log(
        `| ${name} | ${fmt(wall)} ms | ${fmt(server)} ms | ${fmt(cpu)} ms | ${fmt(wall - server)} ms | ${fmt((100 * server) / wall, 0)} % |`,
      )
      return { wall, server, cpu }
    }
    console.log(
      `mock with the SDKs in the loop: ${plan.length} calls per loop (10 token, 25 events.list, 15 events.insert, 15 freeBusy, 20 calendarView, 15 getSchedule), ${ROUNDS} loops per server, node ${process.version}`,
    )
    console.log(
      '| server | loop wall time | time in the server (sum per request) | server CPU | outside the server | share in the server |',
    )
    console.log('|---|---|---|---|---|---|')
    const m = row('mock, 3 packs', mockLoops)
    const p = row('plain node:http replaying the same answers', replayLoops)
    console.log(
      `mock / plain: time in the server ${fmt(m.server / p.server, 2)}×, server CPU ${fmt(m.cpu / p.cpu, 2)}×, loop wall time ${fmt(m.wall / p.wall, 2)}×; mock minus plain per call ${fmt((1000 * (m.server - p.server)) / plan.length, 0)} µs`,
    )
    const perCall = (loops: Loop[], call: Call) =>
      median(loops.flatMap((l) => l.perRequest.filter((_, i) => plan[i] === call)))
    console.log(
      `median time in the server per call, mock vs plain: ${(
        ['token', 'list', 'insert', 'freeBusy', 'view', 'schedule'] as const
      )
        .map(
          (c) =>
            `${c} ${fmt(1000 * perCall(mockLoops, c), 0)} vs ${fmt(1000 * perCall(replayLoops, c), 0)} µs`,
        )
        .join(', ')}`,
    )
    console.log(
      `target: < 1 s in the mock for 100 SDK calls → ${fmt(m.server)} ms (server CPU ${fmt(m.cpu)} ms); loops in the mock: ${mockLoops.map((l) => fmt(l.serverMs, 0)).join(', ')} ms`,
    )
    if (startup !== undefined)
      console.log(
        `start-up (startMockServer with 3 packs + data, until listening): first in a fresh process ${fmt(startup.firstMs)} ms, then median ${fmt(median(startup.warmMs), 2)} ms (${startup.warmMs.length} cycles)`,
      )
    console.log(
      `start-up of the built CLI, \`pgtestbed mock serve --packs oauth2,google-calendar,microsoft-graph\` from spawn until it prints its URL: median ${fmt(cli.serve, 0)} ms (node printing one line: ${fmt(cli.node, 0)} ms; 5 each)`,
    )
    console.log(
      `scenario switch (${SWITCHES}×): reset ${fmt(median(resetMs), 2)} ms in the server; then token + events.list + calendarView ${fmt(median(switchMs), 2)} ms in the server vs ${fmt(median(warmMs), 2)} ms warm (${fmt(median(switchMs) / median(warmMs), 2)}×)`,
    )
  } finally {
    replay.child.kill('SIGTERM')
  }
} finally {
  mock.child.kill('SIGTERM')
  rmSync(work, { recursive: true, force: true })
}
