/**
 * Sqitch: `sqitch.plan` lists changes in order; each has `deploy/<change>.sql`,
 * `revert/<change>.sql` and `verify/<change>.sql`. Reworked changes keep their earlier scripts as
 * `<change>@<tag>.sql`. Scripts manage their own transactions (`BEGIN; … COMMIT;`), as with psql.
 * @module
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type Migration, type MigrationFormat, migration, script } from '../model.js'
import { layoutError, readText } from './shared.js'

interface PlanChange {
  readonly name: string
  readonly line: number
  /** For a reworked change's earlier instance: the tag its scripts are suffixed with (`@v1`). */
  readonly suffix?: string
}

/** Parses the changes (in order) out of a plan file. */
function parsePlan(text: string, planFile: string): PlanChange[] {
  const changes: { name: string; line: number; tagAfter?: string }[] = []
  const lines = text.split('\n')
  lines.forEach((raw, index) => {
    const line = raw.replace(/\s+#.*$/, '').trim()
    if (line === '' || line.startsWith('#') || line.startsWith('%')) return
    if (line.startsWith('@')) {
      const tag = line.split(/\s+/)[0]!
      // Scripts of a change reworked later are kept as `<change>@<first tag after it>.sql`.
      for (const change of changes) change.tagAfter ??= tag
      return
    }
    const name = /^([^\s[@]+)/.exec(line)?.[1]
    if (name === undefined || !/^[\w.-]+$/.test(name)) {
      layoutError(
        'read sqitch.plan',
        `line ${index + 1} is neither a change, a tag nor a pragma`,
        'Fix the plan line (e.g. "add_users 2024-01-01T00:00:00Z Jane <jane@example.com> # note").',
        planFile,
        index + 1,
      )
    }
    changes.push({ name, line: index + 1 })
  })
  // A change name seen again later was reworked: its earlier instance uses `name@tag.sql`.
  const lastIndex = new Map<string, number>()
  changes.forEach((c, i) => {
    lastIndex.set(c.name, i)
  })
  return changes.map((c, i) => {
    const reworked = lastIndex.get(c.name) !== i
    return {
      name: c.name,
      line: c.line,
      ...(reworked && c.tagAfter !== undefined ? { suffix: c.tagAfter } : {}),
    }
  })
}

/**
 * Reads a Sqitch project folder (the one holding `sqitch.plan`).
 *
 * @example
 * const migrations = await sqitchFormat.read('db')
 */
export const sqitchFormat: MigrationFormat = {
  name: 'sqitch',
  supportsDown: true,
  describe: 'sqitch: sqitch.plan with deploy/, revert/, verify/',
  async detect(dir) {
    return existsSync(join(dir, 'sqitch.plan'))
  },
  async read(dir) {
    const planFile = join(dir, 'sqitch.plan')
    const changes = parsePlan(await readText(planFile), planFile)
    const out: Migration[] = []
    for (const change of changes) {
      const base = `${change.name}${change.suffix ?? ''}.sql`
      const deployFile = join(dir, 'deploy', base)
      if (!existsSync(deployFile)) {
        layoutError(
          `read Sqitch change "${change.name}"`,
          `sqitch.plan line ${change.line} names it, but deploy/${base} does not exist`,
          `Create deploy/${base} or remove the change from the plan.`,
          planFile,
          change.line,
        )
      }
      const revertFile = join(dir, 'revert', base)
      const verifyFile = join(dir, 'verify', base)
      out.push(
        migration({
          id: `${change.name}${change.suffix ?? ''}`,
          name: change.name,
          up: script(await readText(deployFile), deployFile, 1, false),
          ...(existsSync(revertFile)
            ? { down: script(await readText(revertFile), revertFile, 1, false) }
            : {}),
          ...(existsSync(verifyFile)
            ? { verify: script(await readText(verifyFile), verifyFile, 1, false) }
            : {}),
        }),
      )
    }
    return out
  },
}
