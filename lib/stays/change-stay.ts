import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { loadLockBook } from '@/lib/scheduling/lock-book'
import type { CreateStayInput, DeleteStayInput, StayWriteResponse, UpdateStayInput } from '@/lib/schemas/stay'
import { loadStayObject, stayNotFound } from '@/lib/stays/get-stay'
import {
  draftOf,
  loadStays,
  planCancellation,
  planStay,
  type ExistingStay,
  type PlannedStay,
  type StayDraft,
} from '@/lib/stays/plan-stay'
import { applyStayPlan, reservationKeyInUse, stayCannotBeScheduled } from '@/lib/stays/write-stay'

/**
 * `/stays/create`, `/stays/update` and `/stays/delete`: each plans the write against the locks as they are (the same
 * checks a CSV import runs), answers the plan alone on a dry run, refuses a plan with an error with
 * stay_cannot_be_scheduled, and otherwise writes it in one transaction.
 */

/** How a clash with a write of another request is named in a plan made for one request. */
const RESERVED_BY = 'this stay'

export async function createStay(ctx: ServiceContext, input: CreateStayInput): Promise<StayWriteResponse> {
  const [taken] = await loadStays(ctx, { reservationKeys: [input.reservation_key] })
  if (taken !== undefined) throw reservationKeyInUse(input.reservation_key, taken.stayId)
  const book = await loadLockBook(ctx, input.device_ids)
  let propertyId = input.property_id
  if (propertyId !== undefined) {
    const property = await ctx.db
      .selectFrom('properties')
      .select('property_id')
      .where('property_id', '=', propertyId)
      .where('workspace_id', '=', ctx.workspaceId)
      .executeTakeFirst()
    if (property === undefined) throw invalidInput({ property_id: ['is not a property of this workspace'] })
  } else {
    // The first lock of the stay that is in the workspace says where the stay is (an unknown lock stops the plan).
    propertyId = input.device_ids.map((id) => book.get(id)?.device.propertyId).find((id) => id !== undefined)
  }
  const draft: StayDraft = {
    reservationKey: input.reservation_key,
    guestName: input.guest_name,
    propertyId: propertyId ?? '',
    deviceIds: input.device_ids,
    checkIn: input.check_in,
    checkOut: input.check_out,
    code: input.code ?? null,
  }
  return finish(ctx, planStay(book, undefined, draft, ctx.clock.now(), RESERVED_BY), input.dry_run)
}

export async function updateStay(ctx: ServiceContext, input: UpdateStayInput): Promise<StayWriteResponse> {
  const existing = await loadChangeableStay(ctx, input.stay_id)
  const current = draftOf(existing)
  const draft: StayDraft = {
    ...current,
    guestName: input.guest_name ?? current.guestName,
    deviceIds: input.device_ids ?? current.deviceIds,
    checkIn: input.check_in ?? current.checkIn,
    checkOut: input.check_out ?? current.checkOut,
    code: input.code ?? null,
  }
  if (Date.parse(draft.checkOut) <= Date.parse(draft.checkIn)) {
    // Name the time that was moved: the one kept is not the caller's mistake.
    throw input.check_out === undefined
      ? invalidInput({ check_in: [`must be before the stay's check_out (${draft.checkOut})`] })
      : invalidInput({
          check_out: [
            input.check_in === undefined
              ? `must be after the stay's check_in (${draft.checkIn})`
              : 'must be after check_in',
          ],
        })
  }
  const book = await loadLockBook(ctx, [...draft.deviceIds, ...existing.doors.map((d) => d.deviceId)])
  return finish(ctx, planStay(book, existing, draft, ctx.clock.now(), RESERVED_BY), input.dry_run)
}

export async function deleteStay(ctx: ServiceContext, input: DeleteStayInput): Promise<StayWriteResponse> {
  const existing = await loadChangeableStay(ctx, input.stay_id)
  const book = await loadLockBook(
    ctx,
    existing.doors.map((d) => d.deviceId),
  )
  return finish(ctx, planCancellation(book, existing), input.dry_run)
}

async function loadChangeableStay(ctx: ServiceContext, stayId: string): Promise<ExistingStay> {
  const [existing] = await loadStays(ctx, { stayIds: [stayId] })
  if (existing === undefined) throw stayNotFound(stayId)
  if (existing.cancelledAt !== null)
    throw new DomainError('stay_cancelled', 'This stay was cancelled; a cancelled stay cannot be changed.', {
      stay_id: stayId,
    })
  return existing
}

/** A dry run answers the plan (and the stay as it is); a write refuses a plan with an error, or applies it. */
async function finish(ctx: ServiceContext, planned: PlannedStay, dryRun: boolean): Promise<StayWriteResponse> {
  const { plan, existing } = planned
  if (dryRun)
    return {
      dry_run: true,
      plan,
      stay: existing === undefined ? null : await loadStayObject(ctx, existing.stayId),
    }
  if (plan.action === 'error') throw stayCannotBeScheduled(plan.problems)
  const stayId = await applyStayPlan(ctx, planned)
  return { dry_run: false, plan, stay: await loadStayObject(ctx, stayId) }
}
