/**
 * `@pgtestbed/mock` (also `pgtestbed/mock`): a mock HTTP server for the external APIs an app calls
 * (docs/mock.md).
 *
 * @example
 * import { startMockServer, verifyReceived } from '@pgtestbed/mock'
 * await using mock = await startMockServer({ dir: 'fixtures/mock-scenarios' })
 * verifyReceived(mock, { method: 'GET', path: '/users/:id', times: 1 })
 * @module
 */

// Errors
// Provider packs of your own
export type { MockPack, MockRequest, MockResponse, PackContext } from '../mock/index.js'
// The server and its handle
// Stubs and scenarios in code (the shapes of stub files)
// Verification
export {
  type AnsweredBy,
  type BodyMatcher,
  checkReceived,
  type DelayDefinition,
  type FaultDefinition,
  type FaultTrigger,
  type Journal,
  type JournalEntry,
  type JsonPathMatcher,
  type LocatedProblem,
  type MockClock,
  MockError,
  type MockErrorCode,
  type MockMatchers,
  type MockScenariosApi,
  type MockServer,
  type MockServerOptions,
  type MockStubsApi,
  MockVerificationError,
  mockMatchers,
  type ReceivedCheck,
  type ReceivedExpectation,
  type RecordOptions,
  type RequestFilter,
  type RequestMatcher,
  type ResponseDefinition,
  SCENARIO_HEADER,
  type ScenarioBinding,
  type ScenarioDefinition,
  type ScenarioSummary,
  STUB_FILE_SCHEMA,
  type StateDefinition,
  type StubDefinition,
  StubValidationError,
  startMockServer,
  type ValueMatcher,
  verifyReceived,
} from '../mock/index.js'
