/**
 * `pgtestbed/jest` for CommonJS test files (`require('pgtestbed/jest')`): the same `db`.
 * @module
 */
import jestDb = require('../integrations/jest-db.cjs')

export = jestDb
