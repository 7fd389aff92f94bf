/**
 * Turns `packs: ['oauth2', myPack]` into pack objects, through the registry in `packs/index.ts`.
 * @module
 */
import { failure } from '../errors.js'
import { MockError } from './mock-errors.js'
import type { MockPack } from './pack.js'
import { PACKS } from './packs/index.js'

/**
 * Resolves pack names and objects; an unknown name is an error listing the known ones. The
 * `oauth2` pack is always tried first.
 *
 * @example
 * const packs = await resolvePacks(['oauth2'])
 */
export async function resolvePacks(packs: readonly (string | MockPack)[]): Promise<MockPack[]> {
  const out: MockPack[] = []
  for (const pack of packs) {
    if (typeof pack !== 'string') {
      out.push(pack)
      continue
    }
    const factory = PACKS[pack]
    if (factory === undefined) {
      const known = Object.keys(PACKS).sort()
      throw new MockError(
        'PGT_MOCK_UNKNOWN_PACK',
        failure(
          `enable mock pack "${pack}"`,
          'no pack has that name',
          `Use one of: ${known.length === 0 ? '(no packs are available yet)' : known.join(', ')}.`,
        ),
      )
    }
    out.push(await factory())
  }
  // The token issuer answers first, whatever the order given: the calendar packs check bearer
  // tokens against what it issued, and it only answers its own paths.
  return [...out.filter((p) => p.name === 'oauth2'), ...out.filter((p) => p.name !== 'oauth2')]
}

/**
 * Names of the packs in the registry, sorted.
 *
 * @example
 * knownPacks() // ['github', 'google-calendar', 'microsoft-graph', 'oauth2']
 */
export function knownPacks(): string[] {
  return Object.keys(PACKS).sort()
}
