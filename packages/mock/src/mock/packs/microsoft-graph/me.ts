/**
 * `GET /v1.0/me` (also `/users/{id}`) and `GET /v1.0/me/calendar`: the signed-in user and their default
 * calendar, which always exist (an empty mailbox when the scenario data names nobody).
 * @module
 */
import { createHash } from 'node:crypto'
import type { GraphUser } from './graph-data.js'

/** A stable GUID for a user, as Graph ids are. */
function userGuid(user: GraphUser): string {
  const h = createHash('sha256').update(user.id.toLowerCase()).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

function displayName(user: GraphUser): string {
  return user.displayName ?? user.id.split('@')[0]!
}

/**
 * The user resource (the fields `GET /me` returns without `$select`).
 *
 * @example
 * userResource(user) // { id: '…', displayName: 'adelev', mail: 'adelev@contoso.com', … }
 */
export function userResource(user: GraphUser): Record<string, unknown> {
  const name = displayName(user)
  const [given, ...rest] = name.split(' ')
  return {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
    businessPhones: [],
    displayName: name,
    givenName: given ?? null,
    jobTitle: null,
    mail: user.id,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: rest.length > 0 ? rest.join(' ') : null,
    userPrincipalName: user.id,
    id: userGuid(user),
  }
}

/**
 * The default calendar resource.
 *
 * @example
 * calendarResource(user) // { id: '…', name: 'Calendar', isDefaultCalendar: true, … }
 */
export function calendarResource(user: GraphUser): Record<string, unknown> {
  return {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/calendar/$entity`,
    id: `AAMkCal-${userGuid(user)}`,
    name: 'Calendar',
    color: 'auto',
    hexColor: '',
    isDefaultCalendar: true,
    changeKey: 'AAAAAA==',
    canShare: true,
    canViewPrivateItems: true,
    canEdit: true,
    allowedOnlineMeetingProviders: ['teamsForBusiness'],
    defaultOnlineMeetingProvider: 'teamsForBusiness',
    isTallyingResponses: true,
    isRemovable: false,
    owner: { name: displayName(user), address: user.id },
  }
}
