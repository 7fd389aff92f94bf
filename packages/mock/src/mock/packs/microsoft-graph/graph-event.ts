/**
 * A schedule item rendered as a Graph `event` resource, times in the `Prefer: outlook.timezone` zone (UTC by
 * default), as `GET /me/events/{id}`, calendarView and `POST /me/events` return it.
 * @module
 */
import { createHash } from 'node:crypto'
import { formatWallClock } from '../shared/time-zones.js'
import type { GraphUser, ScheduleItem } from './graph-data.js'

/** An item's change key: changes whenever the item does (Graph's `@odata.etag` / `changeKey`). */
function changeKey(item: ScheduleItem): string {
  return createHash('sha256').update(JSON.stringify(item)).digest('base64').slice(0, 24)
}

/**
 * The event resource.
 *
 * @example
 * graphEvent(user, item, { name: 'UTC', iana: 'UTC' }, new Date())
 */
export function graphEvent(
  user: GraphUser,
  item: ScheduleItem,
  zone: { readonly name: string; readonly iana: string },
  now: Date,
): Record<string, unknown> {
  const time = (ms: number) => ({ dateTime: formatWallClock(ms, zone.iana), timeZone: zone.name })
  const content = item.body?.content ?? ''
  const key = changeKey(item)
  return {
    '@odata.etag': `W/"${key}"`,
    id: item.id,
    createdDateTime: new Date(item.created ?? now.getTime()).toISOString(),
    lastModifiedDateTime: new Date(item.modified ?? item.created ?? now.getTime()).toISOString(),
    changeKey: key,
    categories: [],
    originalStartTimeZone: item.startZone ?? user.windowsTimeZone,
    originalEndTimeZone: item.endZone ?? user.windowsTimeZone,
    iCalUId: `040000008200E00074C5B7101A82E008${createHash('md5').update(item.id).digest('hex').toUpperCase()}`,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: item.subject ?? '',
    bodyPreview: content.replace(/<[^>]*>/g, '').slice(0, 255),
    importance: 'normal',
    sensitivity: item.isPrivate ? 'private' : 'normal',
    isAllDay: false,
    isCancelled: false,
    isOrganizer: true,
    responseRequested: true,
    showAs: item.status,
    type: 'singleInstance',
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(item.id)}&exvsurl=1&path=/calendar/item`,
    isOnlineMeeting: false,
    body: item.body ?? { contentType: 'text', content: '' },
    start: time(item.start),
    end: time(item.end),
    location: { displayName: item.location ?? '', locationType: 'default' },
    locations: item.location === undefined ? [] : [{ displayName: item.location, locationType: 'default' }],
    attendees: item.attendees ?? [],
    organizer: {
      emailAddress: { name: user.displayName ?? user.id, address: user.id },
    },
  }
}
