import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { lockAssignsPins } from '@/lib/access-codes/new-access-code'
import { rulesOf } from '@/lib/access-codes/pin-checks'
import type { DeviceRecord } from '@/lib/db/device-record'
import type { LockBook } from '@/lib/scheduling/lock-book'
import {
  checkPlacement,
  isBlocking,
  pickSharedPin,
  reservePlacement,
  type Placement,
} from '@/lib/scheduling/placement-checks'
import { nameLengthLimit } from '@/lib/schemas/access-code-form'
import type { LockProblem } from '@/lib/schemas/lock-check'
import type { StayDoorPlan, StayPlan } from '@/lib/schemas/stay'
import { describeLengths } from '@/lib/shared/code-rules'

/**
 * What a write to one stay would do to each of its doors, worked out in memory against a LockBook (the same checks
 * the bulk page and the CSV preview run): /stays/create, /stays/update, /stays/delete and every row of an import plan
 * with it, then write-stay.ts applies the plan in one transaction. A dry run is the plan without the write.
 */

export interface StayDraft {
  reservationKey: string
  guestName: string
  propertyId: string
  deviceIds: string[]
  checkIn: string
  checkOut: string
  /** null: keep the stay's PIN, or pick one every lock accepts */
  code: string | null
}

export interface ExistingStay {
  stayId: string
  reservationKey: string
  guestName: string
  propertyId: string
  checkIn: string
  checkOut: string
  code: string | null
  cancelledAt: string | null
  /** The doors whose code is live (not deleted, not expired). */
  doors: {
    deviceId: string
    accessCodeId: string
    code: string | null
    startsAt: string | null
    endsAt: string | null
  }[]
  /**
   * Every door of the stay, also those whose code is gone (deleted through Seam's endpoints, or expired); loadStays
   * fills it. Left out: the doors with a live code.
   */
  deviceIds?: string[]
}

export interface PlannedStay {
  plan: StayPlan
  /** The draft as planned: `code` filled in when one was picked (or kept). */
  draft: StayDraft
  existing: ExistingStay | undefined
}

/** A door whose lock is not in the workspace has no name to show. */
const DEFAULT_LOCK_NAME = 'Unknown lock'

const toInstant = (iso: string): string => new Date(iso).toISOString()
const sameInstant = (a: string | null, b: string | null): boolean =>
  a === null || b === null ? a === b : Date.parse(a) === Date.parse(b)

const stayProblem = (problem: string, message: string): LockProblem => ({
  device_id: null,
  problem,
  severity: 'error',
  message,
})

/** The code's name on one lock: the guest's, cut to what the lock keeps (a name is no reason to refuse a stay). */
export function doorCodeName(device: DeviceRecord | undefined, guestName: string): string {
  const max = device === undefined ? undefined : nameLengthLimit(rulesOf(device))
  return max === undefined || guestName.length <= max ? guestName : guestName.slice(0, max).trimEnd()
}

const doorDevices = (existing: ExistingStay): string[] => existing.deviceIds ?? existing.doors.map((d) => d.deviceId)

function describeDoor(book: LockBook, deviceId: string): Pick<StayDoorPlan, 'device_id' | 'device_name' | 'timezone'> {
  const lock = book.get(deviceId)
  return {
    device_id: deviceId,
    device_name: lock?.device.displayName ?? DEFAULT_LOCK_NAME,
    timezone: lock?.device.timezone ?? 'UTC',
  }
}

/** Only what still matters about a door that does not change: whether its lock can be reached. */
const reachabilityOnly = (problems: LockProblem[]): LockProblem[] =>
  problems.filter((p) => p.problem === 'lock_offline' || p.problem === 'account_disconnected')

/**
 * Plans one stay against the book. `existing` is the stay with this reservation key, if there is one; `draft` what
 * it should be from now on. Doors: create (a new door, or one whose code is gone), update (new window, PIN or
 * name), remove (no longer in draft.deviceIds), unchanged. The stay: create, update, unchanged (nothing differs, so a
 * re-import is a no-op), or error (a blocking problem; nothing may be written). When the plan has no blocking problem
 * its doors are reserved in the book under `reservedBy`, so later plans against the same book see their PINs and
 * slots.
 */
export function planStay(
  book: LockBook,
  existing: ExistingStay | undefined,
  draft: StayDraft,
  now: Date,
  reservedBy: string,
): PlannedStay {
  const checkIn = toInstant(draft.checkIn)
  const checkOut = toInstant(draft.checkOut)
  const deviceIds = [...new Set(draft.deviceIds)]
  const liveDoors = new Map((existing?.doors ?? []).map((d) => [d.deviceId, d]))
  const stayChanged =
    existing === undefined ||
    existing.guestName !== draft.guestName ||
    existing.propertyId !== draft.propertyId ||
    !sameInstant(existing.checkIn, checkIn) ||
    !sameInstant(existing.checkOut, checkOut) ||
    (draft.code !== null && draft.code !== existing.code) ||
    !sameDeviceSet(doorDevices(existing), deviceIds)

  // A cancelled stay is over; one that has ended and is asked for as it was is left as it is (its codes are gone).
  if (existing !== undefined && (existing.cancelledAt !== null || Date.parse(existing.checkOut) <= now.getTime())) {
    if (!stayChanged) return unchangedPlan(book, existing, draft)
    if (existing.cancelledAt !== null)
      return {
        plan: {
          action: 'error',
          doors: [],
          problems: [stayProblem('stay_cancelled', 'This stay was cancelled; a cancelled stay cannot be changed.')],
        },
        draft,
        existing,
      }
  }

  const problems: LockProblem[] = []
  if (Date.parse(checkOut) <= Date.parse(checkIn))
    problems.push(stayProblem('check_out_not_after_check_in', 'Check-out must be after check-in.'))
  else if (Date.parse(checkOut) <= now.getTime())
    problems.push(stayProblem('check_out_in_past', 'Check-out has passed: there is nothing left to schedule.'))
  const checkDoors = problems.length === 0

  const ownCodes = new Set((existing?.doors ?? []).map((d) => d.accessCodeId))
  const basePlacement: Placement = {
    code: null,
    name: draft.guestName,
    startsAt: checkIn,
    endsAt: checkOut,
    replacing: ownCodes,
    group: draft.reservationKey,
  }
  const sharingDoors = deviceIds.filter((id) => {
    const lock = book.get(id)
    return lock !== undefined && lock.device.removedAt === null && !lockAssignsPins(lock.device)
  })
  let code = draft.code ?? existing?.code ?? null
  if (code === null && sharingDoors.length > 0 && checkDoors) {
    code = pickSharedPin(book, sharingDoors, basePlacement) ?? null
    if (code === null) problems.push(noSharedPin(book, sharingDoors))
  }

  const doors: StayDoorPlan[] = []
  const placements = new Map<string, Placement>()
  for (const deviceId of deviceIds) {
    const lock = book.get(deviceId)
    const choosesPin = lock !== undefined && lockAssignsPins(lock.device)
    const door = liveDoors.get(deviceId)
    const placement: Placement = {
      ...basePlacement,
      code: choosesPin ? null : code,
      name: doorCodeName(lock?.device, draft.guestName),
      keepsStart: door !== undefined && sameInstant(door.startsAt, checkIn),
    }
    placements.set(deviceId, placement)
    const doorCode = choosesPin ? (door?.code ?? null) : code
    const changed =
      door === undefined ||
      !sameInstant(door.startsAt, checkIn) ||
      !sameInstant(door.endsAt, checkOut) ||
      (!choosesPin && door.code !== code) ||
      existing?.guestName !== draft.guestName
    const action = door === undefined ? 'create' : changed ? 'update' : 'unchanged'
    const checked = checkDoors ? checkPlacement(book, deviceId, placement, now).problems : []
    doors.push({
      ...describeDoor(book, deviceId),
      action,
      access_code_id: door?.accessCodeId ?? null,
      code: doorCode,
      starts_at: checkIn,
      ends_at: checkOut,
      problems: action === 'unchanged' ? reachabilityOnly(checked) : checked,
    })
  }
  const removed = (existing?.doors ?? []).filter((d) => !deviceIds.includes(d.deviceId))
  for (const door of removed)
    doors.push({
      ...describeDoor(book, door.deviceId),
      action: 'remove',
      access_code_id: door.accessCodeId,
      code: door.code,
      starts_at: door.startsAt,
      ends_at: door.endsAt,
      problems: [],
    })

  const allProblems = [...problems, ...doors.flatMap((d) => d.problems)]
  const blocked = allProblems.some(isBlocking)
  const action = blocked
    ? 'error'
    : existing === undefined
      ? 'create'
      : !stayChanged && code === existing.code && doors.every((d) => d.action === 'unchanged')
        ? 'unchanged'
        : 'update'
  if (!blocked) {
    for (const [deviceId, placement] of placements) reservePlacement(book, deviceId, placement, reservedBy, now)
    for (const door of removed) releaseCode(book, door.deviceId, door.accessCodeId)
  }
  return { plan: { action, doors, problems: allProblems }, draft: { ...draft, code }, existing }
}

/** Cancelling: every door's code goes (the lock side takes the PINs off the keypads); the stay stays, cancelled. */
export function planCancellation(book: LockBook, existing: ExistingStay): PlannedStay {
  const draft = draftOf(existing)
  if (existing.cancelledAt !== null)
    return {
      plan: {
        action: 'error',
        doors: [],
        problems: [stayProblem('stay_cancelled', 'This stay is cancelled already.')],
      },
      draft,
      existing,
    }
  const doors: StayDoorPlan[] = existing.doors.map((door) => ({
    ...describeDoor(book, door.deviceId),
    action: 'remove',
    access_code_id: door.accessCodeId,
    code: door.code,
    starts_at: door.startsAt,
    ends_at: door.endsAt,
    problems: [],
  }))
  for (const door of existing.doors) releaseCode(book, door.deviceId, door.accessCodeId)
  return { plan: { action: 'cancel', doors, problems: [] }, draft, existing }
}

/** The stay as it is, as a draft (code kept): the starting point of an update. */
export function draftOf(existing: ExistingStay): StayDraft {
  return {
    reservationKey: existing.reservationKey,
    guestName: existing.guestName,
    propertyId: existing.propertyId,
    deviceIds: doorDevices(existing),
    checkIn: existing.checkIn,
    checkOut: existing.checkOut,
    code: null,
  }
}

function unchangedPlan(book: LockBook, existing: ExistingStay, draft: StayDraft): PlannedStay {
  const doors: StayDoorPlan[] = existing.doors.map((door) => ({
    ...describeDoor(book, door.deviceId),
    action: 'unchanged',
    access_code_id: door.accessCodeId,
    code: door.code,
    starts_at: door.startsAt,
    ends_at: door.endsAt,
    problems: [],
  }))
  return { plan: { action: 'unchanged', doors, problems: [] }, draft: { ...draft, code: existing.code }, existing }
}

function sameDeviceSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a)
  const right = new Set(b)
  return left.size === right.size && [...left].every((id) => right.has(id))
}

/** Takes a code out of the book: its PIN and its slot are free for what is planned after it. */
function releaseCode(book: LockBook, deviceId: string, accessCodeId: string): void {
  const lock = book.get(deviceId)
  if (lock !== undefined) lock.codes = lock.codes.filter((c) => c.accessCodeId !== accessCodeId)
}

function noSharedPin(book: LockBook, deviceIds: readonly string[]): LockProblem {
  const locks = deviceIds.flatMap((id) => {
    const lock = book.get(id)
    return lock === undefined
      ? []
      : [`${lock.device.displayName} takes ${describeLengths(lock.device.supportedCodeLengths)}`]
  })
  return stayProblem(
    'pin_not_allowed_on_lock',
    `No PIN fits every lock of this stay (${locks.join(', ')} digits), or none is free on all of them. ` +
      'Choose a PIN, or give the locks that differ a stay of their own.',
  )
}

/**
 * The stays with these ids or reservation keys (of the caller's workspace), each with its doors: two queries per
 * thousand stays asked for, whatever the number of doors.
 */
export async function loadStays(
  ctx: ServiceContext,
  by: { stayIds?: string[]; reservationKeys?: string[] },
): Promise<ExistingStay[]> {
  const stays: ExistingStay[] = []
  const batches: { column: 'stay_id' | 'reservation_key'; values: string[] }[] = []
  for (const [column, values] of [
    ['stay_id', by.stayIds ?? []],
    ['reservation_key', by.reservationKeys ?? []],
  ] as const)
    for (let i = 0; i < values.length; i += LOAD_BATCH)
      batches.push({ column, values: [...new Set(values.slice(i, i + LOAD_BATCH))] })
  const seen = new Set<string>()
  for (const batch of batches) {
    const rows = await ctx.db
      .selectFrom('stays')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where(batch.column, 'in', batch.values)
      .execute()
    const fresh = rows.filter((r) => !seen.has(r.stay_id))
    if (fresh.length === 0) continue
    for (const r of fresh) seen.add(r.stay_id)
    const codes = await ctx.db
      .selectFrom('access_codes')
      .select([
        'access_code_id',
        'stay_id',
        'device_id',
        'code',
        'starts_at',
        'ends_at',
        'deleted_at',
        'is_waiting_for_code_assignment',
      ])
      .where(
        'stay_id',
        'in',
        fresh.map((r) => r.stay_id),
      )
      .where('workspace_id', '=', ctx.workspaceId)
      .orderBy('created_at')
      .orderBy('access_code_id')
      .execute()
    const codesByStay = new Map<string, typeof codes>()
    for (const c of codes) {
      if (c.stay_id === null) continue
      const list = codesByStay.get(c.stay_id)
      if (list === undefined) codesByStay.set(c.stay_id, [c])
      else list.push(c)
    }
    for (const row of fresh) {
      const own = codesByStay.get(row.stay_id) ?? []
      const live = new Map<string, ExistingStay['doors'][number]>()
      for (const c of own)
        if (c.deleted_at === null)
          live.set(c.device_id, {
            deviceId: c.device_id,
            accessCodeId: c.access_code_id,
            code: c.is_waiting_for_code_assignment === 1 ? null : c.code,
            startsAt: c.starts_at,
            endsAt: c.ends_at,
          })
      stays.push({
        stayId: row.stay_id,
        reservationKey: row.reservation_key,
        guestName: row.guest_name,
        propertyId: row.property_id,
        checkIn: row.check_in,
        checkOut: row.check_out,
        code: row.code,
        cancelledAt: row.cancelled_at,
        doors: [...live.values()],
        deviceIds: [...new Set(own.map((c) => c.device_id))],
      })
    }
  }
  return stays
}

const LOAD_BATCH = 1_000
