// The one median lives with the internals the pool also uses.
export { median } from '../../internal/median.js'
