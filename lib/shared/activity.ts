import type { EventTone } from '@/lib/shared/event-in-words'

/**
 * The activity page's filters as its address carries them (`?property_id=…&type=door&from=2026-03-01T00:00`), so a
 * filtered view can be shared, reloaded and exported. `from` and `to` are wall-clock times (`YYYY-MM-DDTHH:mm`) in
 * the page's time zone; `type` is an event type or a category key (lib/shared/event-in-words.ts).
 */
export interface ActivityFilter {
  property_id?: string
  device_id?: string
  access_code_id?: string
  type?: string
  from?: string
  to?: string
}

/** A page number, from 1. */
export interface ActivityAddress extends ActivityFilter {
  page?: number
}

/**
 * The last page the list shows: 2,000 pages of 50 is the API's largest offset (100,000, MAX_LIST_OFFSET); older events
 * are reached by narrowing the time or the filters, or in the CSV (which reads in batches, not by offset).
 */
export const MAX_ACTIVITY_PAGE = 2_000
/** The longest filter value an address may carry (ids are 36 characters, times 16). */
export const MAX_ACTIVITY_FILTER_LENGTH = 200

const filterKeys = ['property_id', 'device_id', 'access_code_id', 'type', 'from', 'to'] as const

/** The filters of an address, as given (each one checked against the workspace on the server). */
export function readActivityAddress(get: (key: string) => string | null | undefined): ActivityAddress {
  const address: ActivityAddress = {}
  for (const key of filterKeys) {
    const value = get(key)?.trim()
    if (value !== undefined && value !== '' && value.length <= MAX_ACTIVITY_FILTER_LENGTH) address[key] = value
  }
  const page = Number(get('page'))
  if (Number.isSafeInteger(page) && page > 1) address.page = Math.min(page, MAX_ACTIVITY_PAGE)
  return address
}

/** What is wrong with an address, in words (a filter too long, a page past the last one shown); null when nothing. */
export function activityAddressProblem(get: (key: string) => string | null | undefined): string | null {
  const tooLong = filterKeys.filter((key) => (get(key)?.length ?? 0) > MAX_ACTIVITY_FILTER_LENGTH)
  if (tooLong.length > 0) return `${tooLong.join(', ')}: must be at most ${MAX_ACTIVITY_FILTER_LENGTH} characters.`
  const page = Number(get('page'))
  if (Number.isSafeInteger(page) && page > MAX_ACTIVITY_PAGE)
    return `The list goes back ${MAX_ACTIVITY_PAGE.toLocaleString('en-US')} pages; this is the last. Choose a shorter time or a lock to see older events, or download the CSV.`
  return null
}

/** The query string of an address (without `?`); page 1 and empty filters are left out. */
export function activityQueryString(address: ActivityAddress): string {
  const params = new URLSearchParams()
  for (const key of filterKeys) {
    const value = address[key]
    if (value !== undefined && value !== '') params.set(key, value)
  }
  if (address.page !== undefined && address.page > 1) params.set('page', String(address.page))
  return params.toString()
}

export const isFiltered = (filter: ActivityFilter): boolean => filterKeys.some((key) => filter[key] !== undefined)

/** A code the code filter offers. */
export interface ActivityCodeChoice {
  accessCodeId: string
  name: string
  deviceId: string
  /** "deleted", "not set by Latchkey", or null. */
  note: string | null
}

/** One event as the activity page and the export show it. */
export interface ActivityRow {
  eventId: string
  eventType: string
  /** UTC, as the API has it. */
  occurredAt: string
  /** The zone the event is shown in: its property's, or the page's for an event of no lock (an account's). */
  timezone: string
  /** "Mon, Mar 2, 3:00:12 PM MST". */
  time: string
  summary: string
  detail: string | null
  tone: EventTone
  property: string | null
  lock: { deviceId: string; name: string; href: string | null } | null
  code: { accessCodeId: string; name: string; href: string | null; note: string | null } | null
}
