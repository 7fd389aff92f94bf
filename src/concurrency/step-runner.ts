/**
 * The scheduling loop of an interleaving. Steps run in order; after sending a step the loop asks
 * the server (not a timer) whether the session waits on a lock. A waiting step stays in flight
 * while later steps run; later steps of its session queue behind it. After every step the loop
 * settles the waiting steps and notes which step released each one.
 * @module
 */
import { performance } from 'node:perf_hooks'
import { setTimeout as delay } from 'node:timers/promises'
import type { Queryable } from '../internal/queryable.js'
import { blockingPids, isBlocked } from './blocking.js'
import type { DeadlockEvent, StepResult, StepSpec, StepStatus } from './scenario.js'
import type { InFlight, Session } from './session.js'

/** SQLSTATEs of waits the server ends by itself: the step was not released by another step. */
const SELF_RESOLVED = new Set(['40P01', '55P03', '57014'])

interface StepState {
  readonly index: number
  readonly session: string
  readonly sql: string
  status: StepStatus | 'not-started' | 'queued' | 'running'
  blocked: boolean
  readonly blockers: Set<string>
  blockedSeq: number
  unblockedBy: number | null
  waitedFor: number | null
  flight: InFlight | undefined
  startedAt: number | undefined
  finishedAt: number | undefined
  message: string | null
}

interface SessionState {
  readonly session: Session
  running: StepState | undefined
  readonly queue: StepState[]
}

interface Finished {
  readonly index: number
  readonly session: string
  readonly seq: number
  readonly releasing: boolean
}

/** What the loop hands back to `interleave()`. */
export interface StepRunOutcome {
  readonly steps: StepResult[]
  readonly deadlocks: DeadlockEvent[]
  readonly timedOut: boolean
}

/** Runs `steps` over `sessions`, watching locks from `control`, until done or `deadline` (performance.now()). */
export async function runSteps(
  steps: readonly StepSpec[],
  sessions: ReadonlyMap<string, Session>,
  control: Queryable,
  deadline: number,
  deadlineMs: number,
  signal?: AbortSignal,
): Promise<StepRunOutcome> {
  // Past the deadline, or aborted by the caller: stop issuing steps and stop waiting.
  const over = () => performance.now() > deadline || signal?.aborted === true
  const origin = performance.now()
  const pids = [...sessions.values()].map((s) => s.pid)
  const byPid = new Map([...sessions.values()].map((s) => [s.pid, s.name]))
  const states = new Map<string, SessionState>(
    [...sessions.values()].map((s) => [s.name, { session: s, running: undefined, queue: [] }]),
  )
  const stepStates: StepState[] = steps.map((s, index) => ({
    index,
    session: s.session,
    sql: s.sql,
    status: 'not-started',
    blocked: false,
    blockers: new Set(),
    blockedSeq: 0,
    unblockedBy: null,
    waitedFor: null,
    flight: undefined,
    startedAt: undefined,
    finishedAt: undefined,
    message: null,
  }))
  const finishLog: Finished[] = []
  const deadlocks: DeadlockEvent[] = []
  let seq = 0

  /** Polls until the step finished, waits on a lock, or the deadline passed. */
  async function watch(step: StepState): Promise<'done' | 'blocked' | 'deadline'> {
    for (let polls = 0; ; polls++) {
      if (step.flight!.outcome !== undefined) return 'done'
      if (over()) return 'deadline'
      const session = states.get(step.session)!.session
      const blocked = await isBlocked(control, session.pid, pids)
      if (step.flight!.outcome !== undefined) return 'done'
      if (blocked) {
        for (const pid of await blockingPids(control, session.pid)) {
          const name = byPid.get(pid)
          if (name !== undefined) step.blockers.add(name)
        }
        return 'blocked'
      }
      // Poll at once at first (most steps finish in well under a millisecond), then back off a little.
      await delay(polls < 10 ? 0 : Math.min(polls, 10))
    }
  }

  function finish(step: StepState): void {
    const outcome = step.flight!.outcome!
    const state = states.get(step.session)!
    state.running = undefined
    step.finishedAt = outcome.settledAt
    const err = outcome.error as { code?: string; message?: string; detail?: string } | undefined
    step.status = outcome.ok ? 'ok' : 'error'
    const releasing =
      !outcome.ok || outcome.tags.some((t) => /^(COMMIT|ROLLBACK|RELEASE|PREPARE TRANSACTION)/.test(t))
    finishLog.push({ index: step.index, session: step.session, seq: ++seq, releasing })
    if (err?.code === '40P01') {
      deadlocks.push({
        kind: 'deadlock',
        victimSession: step.session,
        victimStep: step.index,
        sqlstate: '40P01',
        detectionMs: round(outcome.settledAt - step.startedAt!),
        detail: err.detail ?? null,
      })
    }
  }

  /** The step whose completion released `step`: the first lock-releasing step of a blocking session. */
  function releaserOf(step: StepState): number | null {
    const code = (step.flight!.outcome!.error as { code?: string } | undefined)?.code
    if (code !== undefined && SELF_RESOLVED.has(code)) return null
    const after = finishLog.filter((f) => f.seq > step.blockedSeq && f.index !== step.index)
    const fromBlockers = after.filter((f) => step.blockers.has(f.session))
    return (fromBlockers.find((f) => f.releasing) ?? fromBlockers.at(-1) ?? after.at(-1))?.index ?? null
  }

  async function start(step: StepState): Promise<void> {
    const state = states.get(step.session)!
    state.running = step
    step.status = 'running'
    step.startedAt = performance.now()
    step.flight = state.session.send(step.sql)
    const seen = await watch(step)
    if (seen === 'done') finish(step)
    else if (seen === 'blocked') markBlocked(step)
  }

  function markBlocked(step: StepState): void {
    if (!step.blocked) {
      step.blocked = true
      step.blockedSeq = seq
    }
  }

  /** Runs queued steps of a session that is free again, in order, until one waits. */
  async function drain(state: SessionState): Promise<void> {
    while (state.running === undefined && state.queue.length > 0) {
      if (over()) return
      await start(state.queue.shift()!)
    }
  }

  /** Checks every waiting step until none makes progress. */
  async function settle(): Promise<void> {
    for (let progressed = true; progressed; ) {
      progressed = false
      // Steps that already finished, in the order the driver saw them finish.
      const waiting = [...states.values()]
        .map((s) => s.running)
        .filter((s): s is StepState => s?.blocked === true)
      const done = waiting
        .filter((s) => s.flight!.outcome !== undefined)
        .sort((a, b) => a.flight!.outcome!.settledAt - b.flight!.outcome!.settledAt)
      for (const step of done) {
        step.unblockedBy = releaserOf(step)
        finish(step)
        progressed = true
      }
      for (const step of waiting.filter((s) => s.flight!.outcome === undefined)) {
        const seen = await watch(step)
        if (seen === 'done') {
          step.unblockedBy = releaserOf(step)
          finish(step)
          progressed = true
        } else if (seen === 'blocked') markBlocked(step)
      }
      for (const state of states.values()) {
        if (state.running === undefined && state.queue.length > 0) {
          await drain(state)
          progressed = true
        }
      }
    }
  }

  for (const step of stepStates) {
    if (over()) break
    const state = states.get(step.session)!
    if (state.running !== undefined) {
      step.waitedFor = state.running.index
      step.status = 'queued'
      state.queue.push(step)
      continue
    }
    await start(step)
    await settle()
  }
  // Wait for steps still in flight: a later deadlock check, lock_timeout or statement_timeout may end them.
  for (;;) {
    await settle()
    const inFlight = [...states.values()].flatMap((s) => (s.running === undefined ? [] : [s.running]))
    const remaining = deadline - performance.now()
    if (inFlight.length === 0 || remaining <= 0 || over()) break
    const timer = new AbortController()
    const stop = () => timer.abort()
    signal?.addEventListener('abort', stop, { once: true })
    await Promise.race([
      ...inFlight.map((s) => s.flight!.promise),
      delay(remaining, undefined, { signal: timer.signal }).catch(() => undefined),
    ])
    signal?.removeEventListener('abort', stop)
    timer.abort()
  }

  let timedOut = false
  for (const step of stepStates) {
    if (step.status === 'running') {
      timedOut = true
      step.status = 'timeout'
      const blockers = [...step.blockers].join(', ')
      step.message = step.blocked
        ? `still blocked by session ${blockers || '(unknown)'} when the ${deadlineMs} ms deadline passed: no later step released it`
        : `still running when the ${deadlineMs} ms deadline passed`
    } else if (step.status === 'queued' || step.status === 'not-started') {
      timedOut = true
      const wait = step.waitedFor
      step.status = 'timeout'
      step.message =
        wait === null
          ? `not run: the ${deadlineMs} ms deadline passed before this step`
          : `not run: session ${step.session} was still waiting on step ${wait} when the ${deadlineMs} ms deadline passed`
    }
  }
  return { steps: stepStates.map((s) => toResult(s, origin)), deadlocks, timedOut }
}

function toResult(step: StepState, origin: number): StepResult {
  const outcome = step.flight?.outcome
  const err = outcome?.error as { code?: string; message?: string; detail?: string } | undefined
  const finished = step.status === 'ok' || step.status === 'error'
  const result: StepResult = {
    kind: 'step-result',
    index: step.index,
    session: step.session,
    sql: step.sql,
    status: step.status as StepStatus,
    blocked: step.blocked,
    blockedBy: [...step.blockers],
    unblockedBy: step.unblockedBy,
    waitedFor: step.waitedFor,
    tags: finished ? [...(outcome?.tags ?? [])] : [],
    columns: finished ? [...(outcome?.columns ?? [])] : [],
    rows: finished ? (outcome?.rows ?? []) : [],
    sqlstate: step.status === 'error' ? (err?.code ?? null) : null,
    message: step.status === 'error' ? (err?.message ?? String(outcome?.error)) : step.message,
    detail: step.status === 'error' ? (err?.detail ?? null) : null,
    startedAtMs: step.startedAt === undefined ? null : round(step.startedAt - origin),
    finishedAtMs: finished && step.finishedAt !== undefined ? round(step.finishedAt - origin) : null,
  }
  if (step.status === 'error')
    Object.defineProperty(result, 'error', { value: outcome?.error, enumerable: false })
  return result
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
