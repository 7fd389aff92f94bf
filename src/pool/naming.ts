/**
 * Database names. Everything pgtestbed creates starts with the configured prefix, so pruning
 * touches nothing else on a shared server:
 *   templates  <prefix>_tpl_<hash>           shared by every run with the same inputs
 *   clones     <prefix>_<run>_<owner>_<n>     one owner per process; its liveness is an advisory lock
 *   spares     <prefix>_<run>_0_<n>           ready clones a run's test process left for the next one
 * @module
 */

/** Name of the template for inputs with this hash. */
export function templateName(prefix: string, hash: string): string {
  return `${prefix}_tpl_${hash}`
}

/** Name a template has while it is being built; never cloned from. */
export function buildName(template: string): string {
  return `${template}_build`
}

/** The owner tag of a run's spare clones (held alive by the process that prepared the run). */
export function spareTag(prefix: string, runId: string): string {
  return ownerTag(prefix, runId, '0')
}

/** The owner tag of one process in one run. */
export function ownerTag(prefix: string, runId: string, owner: string): string {
  return `${prefix}_${runId}_${owner}`
}

/** Name of clone number `seq` of an owner. */
export function cloneName(tag: string, seq: number): string {
  return `${tag}_${seq}`
}

/** A regular expression (source) matching the names of an owner's clones. */
export function clonePattern(tag: string): string {
  return `^${escapeRegExp(tag)}_[0-9]+$`
}

/** The owner tag of a clone name, or undefined when the name is not a clone of ours. */
export function ownerOfClone(prefix: string, name: string): string | undefined {
  const match = new RegExp(`^(${escapeRegExp(prefix)}_r[0-9a-z]+_[0-9a-f]+)_\\d+$`).exec(name)
  return match?.[1]
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
