/**
 * `pgtestbed/mock`: a mock HTTP server for the external APIs an app calls — stub files and code
 * stubs, scenarios picked per request, per-scenario state, faults, a journal with verification,
 * record/replay, an admin API and provider packs.
 *
 * @example
 * import { startMockServer, verifyReceived } from 'pgtestbed/mock'
 * await using mock = await startMockServer({ dir: 'fixtures/mock-scenarios' })
 * @module
 */
export type { MockClock } from './clock.js'
export type { FaultDefinition, FaultKind, FaultTrigger } from './fault-model.js'
export { FAULT_KINDS } from './fault-model.js'
export { SCENARIO_HEADER } from './handle-request.js'
export type { AnsweredBy, Journal, JournalEntry, RequestFilter } from './journal.js'
export { duplicateIdProblems, type LoadedStubDir, loadStubDir } from './load-stub-files.js'
export type { MockScenariosApi, MockStubsApi } from './mock-api.js'
export {
  formatProblem,
  type LocatedProblem,
  MockError,
  type MockErrorCode,
  StubValidationError,
} from './mock-errors.js'
export type { MockPack, MockRequest, MockResponse, PackContext } from './pack.js'
export type { RecordOptions } from './record.js'
export { knownPacks } from './resolve-packs.js'
export { DEFAULT_SCENARIO, type ScenarioBinding, type ScenarioSummary } from './scenarios.js'
export { isLoopback, type MockServer, type MockServerOptions, startMockServer } from './server.js'
export { STUB_FILE_SCHEMA } from './stub-file-schema.js'
export type {
  BodyMatcher,
  DelayDefinition,
  JsonPathMatcher,
  RequestMatcher,
  ResponseDefinition,
  ScenarioDefinition,
  StateDefinition,
  StubDefinition,
  ValueMatcher,
} from './stub-model.js'
export {
  checkReceived,
  type MockMatchers,
  MockVerificationError,
  mockMatchers,
  type ReceivedCheck,
  type ReceivedExpectation,
  verifyReceived,
} from './verify.js'
