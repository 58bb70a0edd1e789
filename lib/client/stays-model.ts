import { stayHealth, type Stay, type StayHealth, type StayPlan, type StayStatus } from '@/lib/schemas/stay'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { LockProblem } from '@/lib/schemas/lock-check'
import { toZonedInputValue, zonedInputToUtc } from '@/lib/time/zoned'

/**
 * The stays pages as pure data: a stay's health in words, the list's filters (kept in the page's address), a stay's
 * doors joined with their locks, what a plan (a write's dry run) will do, and the shift form's times. No React and no
 * fetching, so the server and the browser read a stay the same way, and every rule has its unit test.
 */

// ---- health and status in words

/** The badge tones this model uses (the same names as components/ui/badge's). */
export type StayTone = 'neutral' | 'success' | 'progress' | 'warning' | 'danger'

export interface HealthLook {
  /** The badge's word. */
  label: string
  /** The list filter's word for the health ("Being programmed"). */
  filterLabel: string
  tone: StayTone
}

export const healthLooks: Record<StayHealth, HealthLook> = {
  ready: { label: 'Ready', filterLabel: 'Ready', tone: 'success' },
  pending: { label: 'Programming', filterLabel: 'Being programmed', tone: 'progress' },
  at_risk: { label: 'At risk', filterLabel: 'At risk', tone: 'warning' },
  problem: { label: 'Problem', filterLabel: 'With a problem', tone: 'danger' },
  ended: { label: 'Ended', filterLabel: 'Ended', tone: 'neutral' },
  cancelled: { label: 'Cancelled', filterLabel: 'Cancelled', tone: 'neutral' },
}

export const statusLabels: Record<StayStatus, string> = {
  upcoming: 'Upcoming',
  in_progress: 'In progress',
  ended: 'Ended',
  cancelled: 'Cancelled',
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/** "3 doors". */
export const doorCount = (n: number): string => plural(n, 'door')

// ---- the list's filters

export const stayWhens = ['current', 'all'] as const
export type StayWhen = (typeof stayWhens)[number]

export const whenLabels: Record<StayWhen, string> = {
  current: 'Now and upcoming',
  all: 'All dates',
}

/**
 * The list's filters, each present only when chosen (so the query key of "no filter" is `{}` wherever it is made).
 * Without `when`, the list shows stays in progress and upcoming: what a manager acts on.
 */
export interface StaysFilter {
  property_id?: string
  health?: StayHealth
  search?: string
  when?: 'all'
}

/** The filters an address asks for that the workspace can match: an unknown property or health is left out. */
export function staysFilterOf(
  requested: {
    property_id?: string | null | undefined
    health?: string | null | undefined
    search?: string | null | undefined
    when?: string | null | undefined
  },
  propertyIds: readonly string[],
): StaysFilter {
  const filter: StaysFilter = {}
  if (requested.property_id != null && propertyIds.includes(requested.property_id))
    filter.property_id = requested.property_id
  const health = stayHealth.options.find((h) => h === requested.health)
  if (health !== undefined) filter.health = health
  const search = requested.search?.trim().slice(0, 200) ?? ''
  if (search !== '') filter.search = search
  if (requested.when === 'all') filter.when = 'all'
  return filter
}

export const isStaysFiltered = (filter: StaysFilter): boolean =>
  filter.property_id !== undefined || filter.health !== undefined || filter.search !== undefined

/** The query string of the filters (empty when none), in a stable order. */
export function staysQueryString(filter: StaysFilter): string {
  const params = new URLSearchParams()
  if (filter.property_id !== undefined) params.set('property_id', filter.property_id)
  if (filter.health !== undefined) params.set('health', filter.health)
  if (filter.search !== undefined) params.set('search', filter.search)
  if (filter.when !== undefined) params.set('when', filter.when)
  return params.toString()
}

/** Whether the list is of stays in progress and upcoming (an ended stay is never among them). */
export const showsCurrentOnly = (filter: StaysFilter): boolean => filter.when === undefined && filter.health !== 'ended'

/**
 * The /stays/list request for the filters at `now`: in progress and upcoming are the stays whose window reaches past
 * now. An `ended` health filter looks at every date (no ended stay reaches past now).
 */
export function listStaysBody(
  filter: StaysFilter,
  now: Date,
): { property_id?: string; health?: StayHealth; search?: string; from?: string } {
  const body: { property_id?: string; health?: StayHealth; search?: string; from?: string } = {}
  if (filter.property_id !== undefined) body.property_id = filter.property_id
  if (filter.health !== undefined) body.health = filter.health
  if (filter.search !== undefined) body.search = filter.search
  if (showsCurrentOnly(filter)) body.from = now.toISOString()
  return body
}

// ---- a stay's doors

/** A lock as the stays pages name it. */
export interface StayLock {
  deviceId: string
  name: string
  propertyId: string
  propertyName: string
  timezone: string
  online: boolean
  /** The lock was removed from its account (a stay may still name it). */
  removed: boolean
}

export interface StayDoor {
  deviceId: string
  /** The lock's name, or a stand-in when the lock is no longer in the workspace. */
  name: string
  lock: StayLock | undefined
  /** The door's code; undefined once it is deleted (a cancelled stay's door, a door taken away). */
  code: AccessCode | undefined
  /** A door just taken away from the stay, listed while its code comes off the lock. */
  leftStay?: boolean
}

/**
 * The stay's doors in its own order, each with its lock and its code; then codes of doors the stay no longer has, and
 * doors just taken away whose code is still followed (`leaving`).
 */
export function stayDoors(
  stay: Pick<Stay, 'device_ids' | 'access_codes'>,
  locks: readonly StayLock[],
  leaving: readonly LeavingCode[] = [],
): StayDoor[] {
  const lockById = new Map(locks.map((l) => [l.deviceId, l]))
  const door = (deviceId: string, code: AccessCode | undefined): StayDoor => {
    const lock = lockById.get(deviceId)
    return { deviceId, name: lock?.name ?? 'A lock no longer in this workspace', lock, code }
  }
  const doors = stay.device_ids.map((deviceId) =>
    door(
      deviceId,
      stay.access_codes.find((c) => c.device_id === deviceId),
    ),
  )
  const named = new Set(stay.device_ids)
  for (const code of stay.access_codes) {
    if (named.has(code.device_id)) continue
    named.add(code.device_id)
    doors.push(door(code.device_id, code))
  }
  for (const gone of leaving) {
    if (named.has(gone.deviceId)) continue
    named.add(gone.deviceId)
    doors.push({ ...door(gone.deviceId, undefined), leftStay: true })
  }
  return doors
}

/** The lock side is still working on the code (putting it on, or taking it off). */
const inFlight = (code: Pick<AccessCode, 'status'>): boolean => code.status === 'setting' || code.status === 'removing'

/** Codes of the stay the lock side is still working on: while there are any, its page looks again every second. */
export const doorsInFlight = (stay: Pick<Stay, 'access_codes'>): AccessCode[] => stay.access_codes.filter(inFlight)

/** A code taken off its lock after a change, as far as the lock side has got: still on the keypad, or gone. */
export type RemovalState = 'removing' | 'gone'

/** A door's code a change took away (a cancelled stay's, or a door removed from it): followed until the lock lets go. */
export interface LeavingCode {
  deviceId: string
  accessCodeId: string
}

/** The codes a written plan deletes: each door it removes that had a code. */
export const leavingCodes = (plan: Pick<StayPlan, 'doors'>): LeavingCode[] =>
  plan.doors.flatMap((door) =>
    door.action === 'remove' && door.access_code_id !== null
      ? [{ deviceId: door.device_id, accessCodeId: door.access_code_id }]
      : [],
  )

/**
 * How a door's code stands for the doors table. A door without a code: being taken off or gone when this page
 * followed its removal, merely "deleted" when it did not (a cancelled stay opened later), or missing.
 */
export type DoorState = 'has_code' | RemovalState | 'code_deleted' | 'no_code'

export function doorState(
  door: StayDoor,
  stay: Pick<Stay, 'status'>,
  removals: ReadonlyMap<string, RemovalState> = new Map(),
): DoorState {
  if (door.code !== undefined) return 'has_code'
  const removal = removals.get(door.deviceId)
  if (removal !== undefined) return removal
  return stay.status === 'cancelled' ? 'code_deleted' : 'no_code'
}

/** A door's lock keeps another time zone than the stay's property: its local times are shown too. */
export const inOtherZone = (doorTimezone: string | undefined, stayTimezone: string): boolean =>
  doorTimezone !== undefined && doorTimezone !== stayTimezone

// ---- plans (a write's answer, or its dry run)

export const doorActionLabels: Record<StayPlan['doors'][number]['action'], string> = {
  create: 'Gets the code',
  update: 'Code changes',
  remove: 'Code is removed',
  unchanged: 'No change',
}

export interface PlanCounts {
  create: number
  update: number
  remove: number
  unchanged: number
  /** Doors that get or keep a code (everything but removals). */
  kept: number
}

export function planCounts(plan: Pick<StayPlan, 'doors'>): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, remove: 0, unchanged: 0, kept: 0 }
  for (const door of plan.doors) {
    counts[door.action] += 1
    if (door.action !== 'remove') counts.kept += 1
  }
  return counts
}

export const planErrors = (plan: Pick<StayPlan, 'problems'>): LockProblem[] =>
  plan.problems.filter((p) => p.severity === 'error')
export const planWarnings = (plan: Pick<StayPlan, 'problems'>): LockProblem[] =>
  plan.problems.filter((p) => p.severity === 'warning')

/** The plan can be applied: nothing stops it, and it changes something. */
export const canApply = (plan: Pick<StayPlan, 'action' | 'problems'>): boolean =>
  plan.action !== 'error' && plan.action !== 'unchanged' && planErrors(plan).length === 0

/** A door's problems, and the stay's own (device_id null) apart. */
export const doorProblems = (plan: Pick<StayPlan, 'problems'>, deviceId: string): LockProblem[] =>
  plan.problems.filter((p) => p.device_id === deviceId)
export const stayLevelProblems = (plan: Pick<StayPlan, 'problems'>): LockProblem[] =>
  plan.problems.filter((p) => p.device_id === null)

/**
 * Each problem of a plan (a stay's dry run, an import row), as a heading: the problem's own message says the details.
 */
const problemLabels: Readonly<Record<string, string>> = {
  invalid_row: 'Missing or malformed value',
  unknown_property: 'Property not found',
  unknown_lock: 'Lock not found',
  lock_removed: 'Lock was removed',
  check_out_not_after_check_in: 'Check-out is not after check-in',
  check_out_in_past: 'Check-out has already passed',
  duplicate_reservation_key_in_file: 'Reservation key appears twice in the file',
  pin_not_allowed_on_lock: 'PIN not allowed on the lock',
  pin_in_use_on_lock: 'PIN already in use on the lock',
  duplicate_pin_in_file: 'Two rows put one PIN on one lock',
  no_free_slot: 'No free slot on the lock',
  too_many_codes_on_lock: 'The lock has as many codes as Latchkey keeps',
  name_too_long: 'Guest name too long for the lock',
  code_kind_not_supported: 'The lock cannot hold this code',
  lock_offline: 'Lock is offline: the code is set when it is back',
  account_disconnected: 'Lock maker’s account is disconnected',
  lock_chooses_pin: 'The lock chooses its own PIN',
  reservation_key_in_use: 'Reservation key belongs to another stay',
  stay_cancelled: 'The stay was cancelled',
  write_failed: 'Could not be saved',
}

/** `some_new_problem` → "Some new problem", for a kind this page does not know yet. */
export function problemLabel(problem: string): string {
  const known = problemLabels[problem]
  if (known !== undefined) return known
  const words = problem.replaceAll('_', ' ').trim()
  return words === '' ? 'Problem' : words.charAt(0).toUpperCase() + words.slice(1)
}

/** The kinds of change a stay's page previews, then applies. */
export type StayChange = 'create' | 'shift' | 'doors' | 'pin' | 'cancel'

/** The button that applies a previewed plan: "Move all 3 doors", "Create the stay on 2 doors"… */
export function applyLabel(change: StayChange, plan: Pick<StayPlan, 'doors'>): string {
  const counts = planCounts(plan)
  switch (change) {
    case 'create':
      return `Create the stay on ${doorCount(counts.kept)}`
    case 'shift':
      return counts.kept === 1 ? 'Move the door' : `Move all ${counts.kept} doors`
    case 'pin':
      return counts.kept === 1 ? 'Change the PIN on the door' : `Change the PIN on all ${counts.kept} doors`
    case 'cancel':
      return `Cancel the stay and remove ${doorCount(counts.remove)}`
    case 'doors': {
      const parts = [
        ...(counts.create > 0 ? [`add ${doorCount(counts.create)}`] : []),
        ...(counts.remove > 0 ? [`remove ${doorCount(counts.remove)}`] : []),
      ]
      if (parts.length === 0) return 'Apply'
      const text = parts.join(' and ')
      return text.charAt(0).toUpperCase() + text.slice(1)
    }
  }
}

/** What the plan will do, in one sentence ("2 doors change, 1 gets the code."). */
export function planSentence(plan: Pick<StayPlan, 'doors' | 'action'>): string {
  const counts = planCounts(plan)
  const parts = [
    ...(counts.update > 0 ? [`${doorCount(counts.update)} ${counts.update === 1 ? 'changes' : 'change'}`] : []),
    ...(counts.create > 0 ? [`${doorCount(counts.create)} ${counts.create === 1 ? 'gets' : 'get'} the code`] : []),
    ...(counts.remove > 0 ? [`${doorCount(counts.remove)} ${counts.remove === 1 ? 'loses' : 'lose'} the code`] : []),
  ]
  if (parts.length === 0) return 'Nothing changes: every door already has this.'
  const text = parts.join(', ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
}

// ---- times typed in the property's zone

/** `YYYY-MM-DDTHH:mm` plus `minutes`, on the wall clock (a shift by a night keeps check-out's hour across DST). */
export function addToWallClock(value: string, minutes: number): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value)
  if (match === null) return undefined
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number]
  const moved = new Date(Date.UTC(year, month - 1, day, hour, minute + minutes))
  return moved.toISOString().slice(0, 16)
}

export interface ShiftValues {
  /** `YYYY-MM-DDTHH:mm` in the property's zone. */
  checkIn: string
  checkOut: string
}

export const shiftValuesOf = (stay: Pick<Stay, 'check_in' | 'check_out' | 'property_timezone'>): ShiftValues => ({
  checkIn: toZonedInputValue(stay.check_in, stay.property_timezone),
  checkOut: toZonedInputValue(stay.check_out, stay.property_timezone),
})

export type ShiftResult =
  | { ok: true; body: { check_in?: string; check_out?: string } }
  | { ok: false; errors: { checkIn?: string; checkOut?: string; form?: string } }

/**
 * The shift's request from the times typed in the property's zone: only what moved, as UTC instants. Check-out must
 * stay after check-in; whether the doors' locks accept the new window is for the preview to say.
 */
export function shiftBody(
  stay: Pick<Stay, 'check_in' | 'check_out' | 'property_timezone'>,
  values: ShiftValues,
): ShiftResult {
  const zone = stay.property_timezone
  const checkIn = values.checkIn === '' ? undefined : zonedInputToUtc(values.checkIn, zone)
  const checkOut = values.checkOut === '' ? undefined : zonedInputToUtc(values.checkOut, zone)
  const errors: { checkIn?: string; checkOut?: string; form?: string } = {}
  if (checkIn === undefined) errors.checkIn = 'Enter a date and time, e.g. 2026-03-06 15:00.'
  if (checkOut === undefined) errors.checkOut = 'Enter a date and time, e.g. 2026-03-08 11:00.'
  if (checkIn === undefined || checkOut === undefined) return { ok: false, errors }
  if (new Date(checkOut) <= new Date(checkIn)) return { ok: false, errors: { checkOut: 'Must be after check-in.' } }
  // Compared as the fields show them, to the minute: a time made through the API with seconds is not "changed" by
  // being shown without them.
  const shown = shiftValuesOf(stay)
  const body: { check_in?: string; check_out?: string } = {}
  if (values.checkIn !== shown.checkIn) body.check_in = checkIn
  if (values.checkOut !== shown.checkOut) body.check_out = checkOut
  if (body.check_in === undefined && body.check_out === undefined)
    return { ok: false, errors: { form: 'These are the stay’s times already: change check-in or check-out first.' } }
  return { ok: true, body }
}

/** The doors the stay keeps after the change: its doors, less those unticked, plus those added. */
export function doorsAfter(
  current: readonly string[],
  removed: ReadonlySet<string>,
  added: readonly string[],
): string[] {
  return [...current.filter((id) => !removed.has(id)), ...added.filter((id) => !current.includes(id))]
}

/** A cancelled stay cannot be changed any more (the API answers `stay_cancelled`). */
export const isChangeable = (stay: Pick<Stay, 'status'>): boolean => stay.status !== 'cancelled'
