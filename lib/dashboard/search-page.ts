import 'server-only'
import { listAccessCodes } from '@/lib/access-codes/list-access-codes'
import { listUnmanagedAccessCodes } from '@/lib/access-codes/unmanaged-access-codes'
import type { ServiceContext } from '@/lib/context'
import { selectDevices, toDeviceRecord } from '@/lib/db/device-record'
import {
  accessCodeSearch,
  listAccessCodesInput,
  listUnmanagedAccessCodesInput,
  type ListAccessCodesResponse,
  type ListUnmanagedAccessCodesResponse,
} from '@/lib/schemas/access-code'
import type { SearchLock } from '@/lib/shared/search-lock'

/** How many locks found by name the page lists; the Locks page, filtered by the same name, has them all. */
export const MAX_LOCKS_SHOWN = 10

export interface SearchPage {
  /** The search as the API takes it (trimmed); '' when there is none. */
  search: string
  /** Why the search cannot be run (too long), in the API's own words; null when it can. */
  invalid: string | null
  /** The first page of codes found, as /access_codes/list answers: seeds `searchAccessCodesQueryOptions`. */
  codes: ListAccessCodesResponse | null
  /**
   * The first page of codes found on keypads but not managed by Latchkey, as /access_codes/unmanaged/list answers:
   * seeds `searchUnmanagedAccessCodesQueryOptions`.
   */
  unmanagedCodes: ListUnmanagedAccessCodesResponse | null
  /** Locks whose name matches, by name (at most MAX_LOCKS_SHOWN), and how many match in all. */
  locks: SearchLock[]
  lockCount: number
  /** Every lock of the workspace by id: where each code found, on any page, is. */
  places: Record<string, SearchLock>
  /** When the page was rendered. */
  renderedAt: string
}

/**
 * The search page: the codes a search finds across the workspace, managed and unmanaged (first pages; the browser
 * asks for the next ones), and the locks whose name it matches.
 */
export async function loadSearchPage(ctx: ServiceContext, typed: string, pageSize: number): Promise<SearchPage> {
  const rows = await selectDevices(ctx.db)
    .where('devices.workspace_id', '=', ctx.workspaceId)
    .orderBy('devices.display_name')
    .orderBy('devices.device_id')
    .execute()
  const locks = rows.map(toDeviceRecord).map((device): SearchLock => ({
    deviceId: device.deviceId,
    name: device.displayName,
    manufacturer: device.manufacturer,
    modelName: device.modelName,
    propertyName: device.propertyName,
    timezone: device.timezone,
    online: device.online,
    accountConnected: device.accountConnected,
  }))
  const empty = {
    codes: null,
    unmanagedCodes: null,
    locks: [],
    lockCount: 0,
    places: Object.fromEntries(locks.map((lock) => [lock.deviceId, lock])),
    renderedAt: ctx.clock.now().toISOString(),
  }
  if (typed.trim() === '') return { search: '', invalid: null, ...empty }
  const parsed = accessCodeSearch.safeParse(typed)
  if (!parsed.success)
    return { search: typed.trim(), invalid: parsed.error.issues[0]?.message ?? 'is not valid', ...empty }

  const search = parsed.data
  // As the API matches a lock's name: any part of it, ignoring case.
  const needle = search.toLowerCase()
  const found = locks.filter((lock) => lock.name.toLowerCase().includes(needle))
  const [codes, unmanagedCodes] = await Promise.all([
    listAccessCodes(ctx, listAccessCodesInput.parse({ search, limit: pageSize })),
    listUnmanagedAccessCodes(ctx, listUnmanagedAccessCodesInput.parse({ search, limit: pageSize })),
  ])
  return {
    ...empty,
    search,
    invalid: null,
    codes,
    unmanagedCodes,
    locks: found.slice(0, MAX_LOCKS_SHOWN),
    lockCount: found.length,
  }
}
