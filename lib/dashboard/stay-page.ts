import 'server-only'
import type { ServiceContext } from '@/lib/context'
import type { StayLock } from '@/lib/client/stays-model'
import { loadStayLocks } from '@/lib/dashboard/stay-locks'
import { getStayInput, type Stay } from '@/lib/schemas/stay'
import { getStay, stayNotFound } from '@/lib/stays/get-stay'

export interface StayPage {
  /** The stay as /stays/get answers: seeds `stayQueryOptions(workspaceId, stayId)`. */
  stay: Stay
  /** Every lock of the workspace: the doors' names, and the doors that can be added. */
  locks: StayLock[]
  renderedAt: string
}

/** A stay's page: the stay with its doors' codes, and the workspace's locks. */
export async function loadStayPage(ctx: ServiceContext, stayId: string): Promise<StayPage> {
  const input = getStayInput.safeParse({ stay_id: stayId })
  // An address with something else than a stay's id names no stay: the 404 page, as for a stay of another workspace.
  if (!input.success) throw stayNotFound(stayId)
  const [stay, locks] = await Promise.all([getStay(ctx, input.data), loadStayLocks(ctx)])
  return { stay, locks, renderedAt: ctx.clock.now().toISOString() }
}
