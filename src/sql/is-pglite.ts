/**
 * How to tell PGlite (the pglite engine) from a real server in SQL: its version() says so.
 * @module
 */

/** True on PGlite; select it `AS pglite`. */
export const IS_PGLITE_SQL = "strpos(version(), 'PGlite') > 0"
