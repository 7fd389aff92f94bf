/**
 * The light part of the SQL layer — quoting, the SQL that creates, clones and drops databases,
 * database URLs — with no parser or migration code behind it: what a test worker that only
 * hands out clones loads (every imported module is paid for in each test file's process).
 * @module
 */
export {
  type CloneStrategy,
  createDatabaseSql,
  dropDatabaseSql,
} from './databases.js'
export { quoteIdent, quoteQualified } from './quote.js'
export { databaseUrl, isLoopbackUrl, redactUrl } from './url.js'
