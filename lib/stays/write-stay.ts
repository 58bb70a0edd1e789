import 'server-only'
import type { Kysely, Updateable } from 'kysely'
import { findCodeHoldingPin } from '@/lib/access-codes/access-code-store'
import { topUpBackupPool } from '@/lib/access-codes/backup-pool'
import { codesChanged } from '@/lib/access-codes/codes-changed'
import { markCodeDeleted } from '@/lib/access-codes/delete-access-code'
import { lockAssignsPins, newCodeRow } from '@/lib/access-codes/new-access-code'
import { writeCodeChange } from '@/lib/access-codes/update-access-code'
import type { ServiceContext } from '@/lib/context'
import { selectDevicesIncludingRemoved, toDeviceRecord, type DeviceRecord } from '@/lib/db/device-record'
import { isUniqueViolation } from '@/lib/db/errors'
import type { AccessCodesTable, Database } from '@/lib/db/schema'
import { inTransaction } from '@/lib/db/transaction'
import { DomainError } from '@/lib/errors/domain-error'
import { recordEvents, type NewEvent } from '@/lib/events/record-event'
import { newId } from '@/lib/ids'
import { isBlocking } from '@/lib/scheduling/placement-checks'
import type { LockProblem } from '@/lib/schemas/lock-check'
import type { StayDoorPlan } from '@/lib/schemas/stay'
import { doorCodeName, type PlannedStay } from '@/lib/stays/plan-stay'

/**
 * Writes a planned stay: the stay row and every door's code (created, changed or deleted, as the plan says), their
 * events and the lock work they ask for, all or nothing, so a stay is never half shifted or half cancelled: in a
 * transaction of its own (applyStayPlan), or in the import's transaction of many stays under a savepoint of its own
 * (writePlannedStay). The codes are ordinary managed codes linked by stay_id; the reconciler does the lock work as for
 * any code.
 */

/** The plan has a blocking problem: `stay_cannot_be_scheduled`, naming the first ones, with all of them in details. */
export function stayCannotBeScheduled(problems: readonly LockProblem[]): DomainError {
  const blocking = problems.filter(isBlocking)
  const named = blocking.slice(0, 2).map((p) => p.message)
  const more = blocking.length - named.length
  return new DomainError(
    'stay_cannot_be_scheduled',
    `This stay cannot be scheduled: ${named.join(' ')}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`,
    { problems },
  )
}

/**
 * What a stay's write asks for besides its rows, kept apart so that a batch of stays (the CSV import) writes it once
 * for all of them: the locks whose codes it created (their cached lists go stale and the lock side is asked to act,
 * codesChanged) and the events of those codes. Doors it changed or deleted wrote theirs already (writeCodeChange,
 * markCodeDeleted).
 */
export interface StayWriteEffects {
  deviceIds: string[]
  events: NewEvent[]
}

/** Writes the effects of the stays written in this transaction; call it before the commit. */
export async function writeStayEffects(
  trx: Kysely<Database>,
  ctx: ServiceContext,
  effects: readonly StayWriteEffects[],
): Promise<void> {
  await codesChanged(
    trx,
    effects.flatMap((e) => e.deviceIds),
    ctx.clock.now(),
  )
  await recordEvents(
    trx,
    ctx.clock,
    effects.flatMap((e) => e.events),
  )
}

/** One transaction: the stay row and every door's code (create / update / delete), events, lock work queued. */
export async function applyStayPlan(ctx: ServiceContext, planned: PlannedStay): Promise<string /* stay_id */> {
  const { plan, existing } = planned
  if (plan.action === 'error') throw stayCannotBeScheduled(plan.problems)
  if (existing !== undefined && plan.action === 'unchanged') return existing.stayId
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const { stayId, effects } = await writePlannedStay(trx, ctx, planned, new Map())
      await writeStayEffects(trx, ctx, [effects])
      return stayId
    })
  } catch (error) {
    throw await explainWriteFailure(ctx.db, ctx, planned, error)
  }
}

/**
 * Writes one planned stay inside the open transaction `trx`: the stay row and every door's code. Its effects are the
 * caller's to write (writeStayEffects) before the commit, or to drop with the stay when it rolls back. `devices` holds
 * the locks read so far in this transaction; the doors' missing ones are read into it. A unique index refusing the
 * write fails it as the driver's error: explainWriteFailure says why, once the write is rolled back.
 */
export async function writePlannedStay(
  trx: Kysely<Database>,
  ctx: ServiceContext,
  planned: PlannedStay,
  devices: Map<string, DeviceRecord>,
): Promise<{ stayId: string; effects: StayWriteEffects }> {
  const { plan, draft, existing } = planned
  if (plan.action === 'error') throw stayCannotBeScheduled(plan.problems)
  if (existing !== undefined && plan.action === 'unchanged')
    return { stayId: existing.stayId, effects: { deviceIds: [], events: [] } }
  const stayId = existing?.stayId ?? newId()
  const now = ctx.clock.now()
  const iso = now.toISOString()
  if (existing === undefined) {
    await trx
      .insertInto('stays')
      .values({
        stay_id: stayId,
        workspace_id: ctx.workspaceId,
        reservation_key: draft.reservationKey,
        guest_name: draft.guestName,
        property_id: draft.propertyId,
        check_in: new Date(draft.checkIn).toISOString(),
        check_out: new Date(draft.checkOut).toISOString(),
        code: draft.code,
        created_at: iso,
        updated_at: iso,
        cancelled_at: null,
      })
      .execute()
  } else {
    // Taking the stay's row first serializes two writes to one stay; a stay cancelled meanwhile stays cancelled.
    const updated = await trx
      .updateTable('stays')
      .set(
        plan.action === 'cancel'
          ? { cancelled_at: iso, updated_at: iso }
          : {
              guest_name: draft.guestName,
              property_id: draft.propertyId,
              check_in: new Date(draft.checkIn).toISOString(),
              check_out: new Date(draft.checkOut).toISOString(),
              code: draft.code,
              updated_at: iso,
            },
      )
      .where('stay_id', '=', stayId)
      .where('workspace_id', '=', ctx.workspaceId)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0)
      throw new DomainError('stay_cancelled', 'This stay was cancelled; a cancelled stay cannot be changed.', {
        stay_id: stayId,
      })
  }
  const effects = await writeDoors(trx, ctx, stayId, plan.doors, draft.guestName, now, devices)
  // Codes of doors the stay no longer has (removed now, or whose code was deleted outside the stay) are no longer its
  // doors. A new stay has no codes but those it just created.
  if (existing !== undefined && plan.action !== 'cancel') {
    const kept = plan.doors.filter((d) => d.action !== 'remove').map((d) => d.device_id)
    let unlink = trx.updateTable('access_codes').set({ stay_id: null }).where('stay_id', '=', stayId)
    if (kept.length > 0) unlink = unlink.where('device_id', 'not in', kept)
    await unlink.execute()
  }
  return { stayId, effects }
}

async function writeDoors(
  trx: Kysely<Database>,
  ctx: ServiceContext,
  stayId: string,
  doors: readonly StayDoorPlan[],
  guestName: string,
  now: Date,
  devices: Map<string, DeviceRecord>,
): Promise<StayWriteEffects> {
  const effects: StayWriteEffects = { deviceIds: [], events: [] }
  const changing = doors.filter((d) => d.action !== 'unchanged')
  if (changing.length === 0) return effects
  const unread = changing.map((d) => d.device_id).filter((id) => !devices.has(id))
  if (unread.length > 0)
    for (const [id, device] of await readLocks(trx, ctx.workspaceId, unread)) devices.set(id, device)
  const deviceOf = (door: StayDoorPlan): DeviceRecord => {
    const device = devices.get(door.device_id)
    if (device === undefined)
      throw new DomainError('device_not_found', `Device ${door.device_id} was not found.`, {
        device_id: door.device_id,
      })
    return device
  }

  const created = changing
    .filter((d) => d.action === 'create')
    .map((door) => {
      const device = deviceOf(door)
      const row = newCodeRow(
        ctx.workspaceId,
        device,
        {
          name: doorCodeName(device, guestName),
          ...(door.starts_at === null || door.ends_at === null
            ? {}
            : { starts_at: door.starts_at, ends_at: door.ends_at }),
        },
        lockAssignsPins(device) ? null : door.code,
        null,
        now,
      )
      return { row: { ...row, stay_id: stayId }, device }
    })
  if (created.length > 0) {
    await trx
      .insertInto('access_codes')
      .values(created.map((c) => c.row))
      .execute()
    effects.deviceIds = created.map((c) => c.device.deviceId)
    effects.events = created.map(({ row, device }) => ({
      workspaceId: ctx.workspaceId,
      eventType: 'access_code.created',
      accessCodeId: row.access_code_id,
      deviceId: device.deviceId,
      connectedAccountId: device.connectedAccountId,
      occurredAt: now,
    }))
  }

  for (const door of changing) {
    if (door.access_code_id === null || door.action === 'create') continue
    const device = deviceOf(door)
    if (door.action === 'remove') {
      const code = await trx
        .selectFrom('access_codes')
        .select(['access_code_id', 'code', 'is_waiting_for_code_assignment'])
        .where('access_code_id', '=', door.access_code_id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
      if (code !== undefined) await markCodeDeleted(trx, ctx, code, device)
      continue
    }
    const changes: Updateable<AccessCodesTable> = {
      name: doorCodeName(device, guestName),
      updated_at: now.toISOString(),
    }
    const window =
      door.starts_at === null || door.ends_at === null
        ? ({ type: 'ongoing', starts_at: null, ends_at: null } as const)
        : ({ type: 'time_bound', starts_at: door.starts_at, ends_at: door.ends_at } as const)
    Object.assign(changes, window)
    if (!lockAssignsPins(device) && door.code !== null) changes.code = door.code
    const released = await writeCodeChange(trx, ctx, {
      accessCodeId: door.access_code_id,
      device,
      changes,
      window,
    })
    if (released) await topUpBackupPool(trx, device, ctx.workspaceId, now)
  }
  return effects
}

/** The workspace's locks among `deviceIds`, removed ones included (a removed lock's code can still be deleted). */
export async function readLocks(
  trx: Kysely<Database>,
  workspaceId: string,
  deviceIds: readonly string[],
): Promise<Map<string, DeviceRecord>> {
  if (deviceIds.length === 0) return new Map()
  const rows = await selectDevicesIncludingRemoved(trx)
    .where('devices.device_id', 'in', [...new Set(deviceIds)])
    .where('devices.workspace_id', '=', workspaceId)
    .execute()
  return new Map(rows.map((row) => [row.device_id, toDeviceRecord(row)]))
}

/**
 * The error to answer for a stay's write that failed and was rolled back: a unique index refusing it means another
 * write took the reservation key or a door's PIN between the plan and the write, said as the plan would have; any
 * other error is returned as it is. Reads through `db`: the store, or the transaction the write was rolled back in.
 */
export async function explainWriteFailure(
  db: Kysely<Database>,
  ctx: ServiceContext,
  planned: PlannedStay,
  error: unknown,
): Promise<unknown> {
  return isUniqueViolation(error) ? explainUniqueViolation(db, ctx, planned) : error
}

async function explainUniqueViolation(
  db: Kysely<Database>,
  ctx: ServiceContext,
  planned: PlannedStay,
): Promise<DomainError> {
  const { plan, draft, existing } = planned
  if (existing === undefined) {
    const holder = await db
      .selectFrom('stays')
      .select('stay_id')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('reservation_key', '=', draft.reservationKey)
      .executeTakeFirst()
    if (holder !== undefined) return reservationKeyInUse(draft.reservationKey, holder.stay_id)
  }
  const problems: LockProblem[] = []
  for (const door of plan.doors) {
    if (door.code === null || door.action === 'remove' || door.action === 'unchanged') continue
    const holder = await findCodeHoldingPin(db, door.device_id, door.code, door.access_code_id ?? undefined)
    if (holder !== undefined && holder.stay_id !== existing?.stayId)
      problems.push({
        device_id: door.device_id,
        problem: 'pin_in_use_on_lock',
        severity: 'error',
        message: `PIN ${door.code} was taken on ${door.device_name} by another code while this stay was being written.`,
      })
  }
  if (problems.length === 0)
    problems.push({
      device_id: null,
      problem: 'pin_in_use_on_lock',
      severity: 'error',
      message: 'Another write took one of these PINs while this stay was being written. Try again.',
    })
  return stayCannotBeScheduled(problems)
}

export const reservationKeyInUse = (reservationKey: string, stayId: string): DomainError =>
  new DomainError('reservation_key_in_use', `Another stay (${stayId}) has the reservation key "${reservationKey}".`, {
    stay_id: stayId,
  })
