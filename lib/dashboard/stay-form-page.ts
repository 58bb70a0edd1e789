import 'server-only'
import type { ServiceContext } from '@/lib/context'
import type { StayLock } from '@/lib/client/stays-model'
import { loadStayLocks, loadStayProperties } from '@/lib/dashboard/stay-locks'

export interface NewStayPage {
  properties: { propertyId: string; name: string; timezone: string }[]
  locks: StayLock[]
  /** The property asked for in the address, else the first. */
  propertyId: string
}

/** The new-stay form: the properties (with their zones) and their locks. */
export async function loadNewStayPage(ctx: ServiceContext, requested: string | undefined): Promise<NewStayPage> {
  const [properties, locks] = await Promise.all([loadStayProperties(ctx), loadStayLocks(ctx)])
  const chosen = properties.find((p) => p.propertyId === requested) ?? properties[0]
  return { properties, locks: locks.filter((l) => !l.removed), propertyId: chosen?.propertyId ?? '' }
}

/** The import page: each lock's name, for the problems of the preview. */
export async function loadStaysImportPage(ctx: ServiceContext): Promise<{ lockNames: Record<string, string> }> {
  const locks = await loadStayLocks(ctx)
  return { lockNames: Object.fromEntries(locks.map((l) => [l.deviceId, l.name])) }
}
