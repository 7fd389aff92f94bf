import type { MockPack } from '../pack.js'
import { createGithubPack } from './github/index.js'
import { createGoogleCalendarPack } from './google-calendar/index.js'
import { createMicrosoftGraphPack } from './microsoft-graph/index.js'
import { createOauth2Pack } from './oauth2/index.js'

/**
 * The provider packs, by the name used in `--packs` / `startMockServer({ packs })`.
 * Each entry is a factory so a pack's code (and its per-server state) is created only when enabled.
 *
 * @example
 * const pack = await PACKS['oauth2']!()
 */
export const PACKS: Record<string, () => MockPack | Promise<MockPack>> = {
  github: createGithubPack,
  'google-calendar': createGoogleCalendarPack,
  'microsoft-graph': createMicrosoftGraphPack,
  oauth2: createOauth2Pack,
}
