import 'server-only'
import type { ServiceContext } from '@/lib/context'
import {
  ACTIVITY_EXPORT_MAX_ROWS,
  ACTIVITY_PAGE_SIZE,
  activityRows,
  codeChoices,
  loadActivityScope,
  resolveActivityFilter,
} from '@/lib/events/activity'
import { countEvents, listLoggedEvents } from '@/lib/events/list-events'
import {
  activityQueryString,
  MAX_ACTIVITY_PAGE,
  type ActivityAddress,
  type ActivityCodeChoice,
  type ActivityFilter,
  type ActivityRow,
} from '@/lib/shared/activity'
import { zoneLabel } from '@/lib/time/zoned'

export interface ActivityPage {
  /** The filters of the address that apply (see resolveActivityFilter). */
  filter: ActivityFilter
  /** The zone the From and To fields are read in, and its label ("America/Denver (MST)"). */
  timezone: string
  timezoneLabel: string
  /** Why the times are in UTC, when the workspace's properties are in different zones and none is chosen. */
  timezoneHint: string | null
  /** For the filters: the workspace's properties and locks, and the chosen lock's codes. */
  properties: { propertyId: string; name: string }[]
  locks: { deviceId: string; name: string; propertyId: string }[]
  codes: ActivityCodeChoice[]
  /** The page's events, newest first. */
  rows: ActivityRow[]
  page: number
  pageSize: number
  /** How many events match, counted up to one more than an export holds. */
  matching: number
  /** More events match than an export holds. */
  matchingIsCapped: boolean
  hasNextPage: boolean
  /** The CSV of every matching event (up to ACTIVITY_EXPORT_MAX_ROWS). */
  exportHref: string
  exportLimit: number
}

/** The activity page: one page of the workspace's events for the address's filters, in words. */
export async function loadActivityPage(ctx: ServiceContext, address: ActivityAddress): Promise<ActivityPage> {
  const scope = await loadActivityScope(ctx)
  const resolved = await resolveActivityFilter(ctx, scope, address)
  const { filter, timezone, events } = resolved
  const [matching, found, codes] = await Promise.all([
    countEvents(ctx, events, ACTIVITY_EXPORT_MAX_ROWS + 1),
    listLoggedEvents(ctx, {
      ...events,
      limit: ACTIVITY_PAGE_SIZE + 1,
      unstable_offset: (resolved.page - 1) * ACTIVITY_PAGE_SIZE,
    }),
    filter.device_id === undefined ? [] : codeChoices(ctx, filter.device_id),
  ])
  // A code chosen through a link may be older than the choices offered: it stays choosable.
  const chosen = resolved.code
  const codeList =
    chosen === undefined || codes.some((c) => c.accessCodeId === chosen.accessCodeId) ? codes : [chosen, ...codes]
  const rows = await activityRows(ctx, { scope, timezone }, found.slice(0, ACTIVITY_PAGE_SIZE))
  const query = activityQueryString(filter)
  return {
    filter,
    timezone,
    timezoneLabel: timezone === 'UTC' ? 'UTC' : zoneLabel(timezone, ctx.clock.now()),
    timezoneHint:
      timezone === 'UTC' && new Set(scope.properties.map((p) => p.timezone)).size > 1
        ? 'The properties are in different time zones: choose a property or a lock to type times in its zone.'
        : null,
    properties: scope.properties.map((p) => ({ propertyId: p.propertyId, name: p.name })),
    locks: scope.locks
      .filter((l) => !l.removed || l.deviceId === filter.device_id)
      .map((l) => ({
        deviceId: l.deviceId,
        name: l.removed ? `${l.name} (removed)` : l.name,
        propertyId: l.propertyId,
      })),
    codes: codeList,
    rows,
    page: resolved.page,
    pageSize: ACTIVITY_PAGE_SIZE,
    matching: Math.min(matching, ACTIVITY_EXPORT_MAX_ROWS),
    matchingIsCapped: matching > ACTIVITY_EXPORT_MAX_ROWS,
    hasNextPage: found.length > ACTIVITY_PAGE_SIZE && resolved.page < MAX_ACTIVITY_PAGE,
    exportHref: `/w/${ctx.workspaceId}/activity/export${query === '' ? '' : `?${query}`}`,
    exportLimit: ACTIVITY_EXPORT_MAX_ROWS,
  }
}
