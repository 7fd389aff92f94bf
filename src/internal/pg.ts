/**
 * `pg` for every module of pgtestbed: import it from here, not from 'pg', so that it is loaded
 * without its slow runtime probe (`pg-without-probe.ts` runs first: imports are evaluated in
 * order). The same module as 'pg' itself: a user's `pg.Client` is ours.
 * @module
 */
import './pg-without-probe.js'

export { default } from 'pg'
