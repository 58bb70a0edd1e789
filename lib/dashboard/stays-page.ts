import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { listStaysBody, staysFilterOf, type StaysFilter } from '@/lib/client/stays-model'
import { loadStayProperties } from '@/lib/dashboard/stay-locks'
import { DEFAULT_STAYS_LIMIT, listStaysInput, type ListStaysResponse } from '@/lib/schemas/stay'
import { listStays } from '@/lib/stays/get-stay'

export interface StaysPage {
  /** The filters of the address that the workspace can match. */
  filter: StaysFilter
  /** The first page /stays/list answers for `filter`: seeds `staysQueryOptions(workspaceId, filter)`. */
  stays: ListStaysResponse
  properties: { propertyId: string; name: string }[]
  renderedAt: string
}

/** The stays list: its first page for the filters of the URL, and the properties to filter by. */
export async function loadStaysPage(
  ctx: ServiceContext,
  requested: {
    property_id?: string | undefined
    health?: string | undefined
    search?: string | undefined
    when?: string | undefined
  },
): Promise<StaysPage> {
  const properties = await loadStayProperties(ctx)
  const filter = staysFilterOf(
    requested,
    properties.map((p) => p.propertyId),
  )
  const now = ctx.clock.now()
  return {
    filter,
    stays: await listStays(ctx, listStaysInput.parse({ ...listStaysBody(filter, now), limit: DEFAULT_STAYS_LIMIT })),
    properties: properties.map((p) => ({ propertyId: p.propertyId, name: p.name })),
    renderedAt: now.toISOString(),
  }
}
