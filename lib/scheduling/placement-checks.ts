import 'server-only'
import type { DeviceRecord } from '@/lib/db/device-record'
import { DomainError } from '@/lib/errors/domain-error'
import { checkCodeKind, lockAssignsPins, type NewCodeOptions } from '@/lib/access-codes/new-access-code'
import { rulesOf } from '@/lib/access-codes/pin-checks'
import { codeProblems, generateCode } from '@/lib/shared/code-rules'
import { MAX_ACCESS_CODES_PER_DEVICE } from '@/lib/schemas/access-code'
import { nameLengthLimit } from '@/lib/schemas/access-code-form'
import { occupancy, type BookedCode, type BookedLock, type LockBook } from '@/lib/scheduling/lock-book'
import type { LockCheck, LockProblem, LockProblemCode } from '@/lib/schemas/lock-check'
import { WARNING_LOCK_PROBLEMS } from '@/lib/schemas/lock-check'

/**
 * "Can this code go on this lock?", answered in memory against a LockBook, in the words of lib/schemas/lock-check.ts:
 * the bulk page's pre-check, a stay's dry run and a CSV import's preview all ask it, and the writes then run the
 * services' own checks again inside their transaction (a plan is advice; the database decides).
 */

export interface Placement {
  /** The PIN asked for; null when the lock is to choose it or one is still to be picked (see pickSharedPin). */
  code: string | null
  name: string | null
  /** Both null for an ongoing code. */
  startsAt: string | null
  endsAt: string | null
  /** Codes this placement replaces or moves (a stay's own codes): they do not clash with it and free their slot. */
  replacing?: ReadonlySet<string>
  /** The group this placement belongs to (a stay's reservation key): its other reservations never clash with it. */
  group?: string
  /**
   * The start is the code's current one (a stay shifted at its end only): a start already past is not refused on a
   * lock that wants starts in the future, as /access_codes/update_multiple does not refuse it either.
   */
  keepsStart?: boolean
  /** Other options of the code, checked as /access_codes/create checks them (offline, backup pool…). */
  options?: Omit<NewCodeOptions, 'code' | 'name' | 'starts_at' | 'ends_at'>
}

const problem = (deviceId: string | null, code: LockProblemCode, message: string): LockProblem => ({
  device_id: deviceId,
  problem: code,
  severity: WARNING_LOCK_PROBLEMS.includes(code) ? 'warning' : 'error',
  message,
})

export const isBlocking = (p: LockProblem): boolean => p.severity === 'error'

/** The codes of the lock that count against this placement: not the ones it replaces, not its own group's. */
const othersOn = (lock: BookedLock, placement: Placement): BookedCode[] =>
  lock.codes.filter(
    (c) =>
      !(c.accessCodeId !== null && placement.replacing?.has(c.accessCodeId) === true) &&
      !(placement.group !== undefined && c.group === placement.group),
  )

/** The most codes on the keypad at one moment of [from, until): a sweep over the codes that overlap it. */
export function peakSlotsInUse(codes: readonly BookedCode[], from: number, until: number): number {
  const edges: [number, number][] = []
  for (const c of codes) {
    if (c.occupiesUntil <= from || c.occupiesFrom >= until) continue
    edges.push([Math.max(c.occupiesFrom, from), 1], [c.occupiesUntil, -1])
  }
  // Ends before starts at the same instant: a code ending at check-in frees its slot for the next guest.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let current = 0
  let peak = 0
  for (const [, step] of edges) {
    current += step
    peak = Math.max(peak, current)
  }
  return peak
}

function describeHolder(holder: BookedCode): string {
  if (holder.reservedBy !== undefined) return holder.reservedBy
  const who = holder.name ? `"${holder.name}"` : 'an unnamed code'
  return holder.isManaged ? `access code ${who}` : `unmanaged code ${who} (set on the keypad outside Latchkey)`
}

/** Problems of one placement on one lock, in the order a person fixes them, and the slots it would find taken. */
export function checkPlacement(
  book: LockBook,
  deviceId: string,
  placement: Placement,
  now: Date,
): { problems: LockProblem[]; slotsInUse: number } {
  const lock = book.get(deviceId)
  if (lock === undefined)
    return { problems: [problem(deviceId, 'unknown_lock', 'This lock is not in the workspace.')], slotsInUse: 0 }
  const { device } = lock
  const name = device.displayName
  if (device.removedAt !== null)
    return {
      problems: [problem(deviceId, 'lock_removed', `${name} was removed from its account; it cannot take new codes.`)],
      slotsInUse: 0,
    }

  const problems: LockProblem[] = []
  const kindProblem = codeKindProblem(device, placement, now)
  if (kindProblem !== undefined) problems.push(problem(deviceId, 'code_kind_not_supported', kindProblem))

  const others = othersOn(lock, placement)
  const choosesPin = lockAssignsPins(device)
  if (choosesPin) {
    problems.push(
      problem(deviceId, 'lock_chooses_pin', `${name} chooses the PIN of each code itself: it gets a PIN of its own.`),
    )
  } else if (placement.code !== null) {
    const otherPins = others.flatMap((c) => (c.code === null ? [] : [c.code]))
    const broken = codeProblems(placement.code, rulesOf(device), otherPins)
    if (broken.length > 0)
      problems.push(
        problem(
          deviceId,
          'pin_not_allowed_on_lock',
          `PIN ${placement.code} ${broken.map((b) => b.replace('on this lock', `on ${name}`)).join('; it ')}.`,
        ),
      )
    const holder = others.find((c) => c.code === placement.code)
    if (holder !== undefined)
      problems.push(
        problem(
          deviceId,
          holder.reservedBy !== undefined ? 'duplicate_pin_in_file' : 'pin_in_use_on_lock',
          `PIN ${placement.code} is already on ${name}, held by ${describeHolder(holder)}.`,
        ),
      )
  }

  const managed = others.filter((c) => c.isManaged).length
  if (managed >= MAX_ACCESS_CODES_PER_DEVICE)
    problems.push(
      problem(
        deviceId,
        'too_many_codes_on_lock',
        `${name} already has ${managed.toLocaleString('en-US')} codes, and Latchkey keeps at most ` +
          `${MAX_ACCESS_CODES_PER_DEVICE.toLocaleString('en-US')} on one lock: delete codes that are no longer needed.`,
      ),
    )

  const window = occupancy(device, placement, now.getTime())
  const slotsInUse = peakSlotsInUse(others, window.occupiesFrom, window.occupiesUntil)
  if (
    device.maxActiveCodes > 0 &&
    slotsInUse >= device.maxActiveCodes &&
    placement.options?.is_offline_access_code !== true
  )
    problems.push(
      problem(
        deviceId,
        'no_free_slot',
        `${name} has ${device.maxActiveCodes} slots and all of them are taken ` +
          `${placement.startsAt === null ? 'now' : 'at some moment of this window'} (codes scheduled ahead included). ` +
          'Delete a code that is no longer needed, or choose another window.',
      ),
    )

  const maxName = nameLengthLimit(rulesOf(device))
  if (placement.name !== null && maxName !== undefined && placement.name.length > maxName)
    problems.push(
      problem(
        deviceId,
        'name_too_long',
        `${name} keeps names of up to ${maxName} characters; this one is ${placement.name.length}, so the lock ` +
          `shows "${placement.name.slice(0, maxName).trimEnd()}". Shorten it if that is not clear enough.`,
      ),
    )
  if (!device.accountConnected)
    problems.push(
      problem(
        deviceId,
        'account_disconnected',
        `The account ${name} belongs to is disconnected: nothing reaches the lock until it is reconnected.`,
      ),
    )
  else if (!device.online)
    problems.push(
      problem(deviceId, 'lock_offline', `${name} is offline now; the code is programmed when it comes back online.`),
    )
  return { problems, slotsInUse }
}

/** A kept start that has passed is checked as if it were now: the window is open, and it is not being moved. */
function startToCheck(startsAt: string, keepsStart: boolean | undefined, now: Date): string {
  if (keepsStart !== true || Date.parse(startsAt) > now.getTime()) return startsAt
  return new Date(now.getTime() + 1).toISOString()
}

/** What /access_codes/create would refuse about the kind of code on this lock (offline, backup pool, future start…). */
function codeKindProblem(device: DeviceRecord, placement: Placement, now: Date): string | undefined {
  try {
    checkCodeKind(
      device,
      {
        ...placement.options,
        ...(placement.startsAt === null
          ? {}
          : { starts_at: startToCheck(placement.startsAt, placement.keepsStart, now) }),
        ...(placement.endsAt === null ? {} : { ends_at: placement.endsAt }),
      },
      now,
    )
    return undefined
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const fields = Object.entries(error.fieldErrors)
    return fields.length > 0
      ? `On ${device.displayName}: ${fields.map(([field, messages]) => `${field} ${messages.join('; ')}`).join('. ')}.`
      : error.message
  }
}

/**
 * A PIN every one of these locks accepts and none of them holds (reservations included), or undefined when they
 * share no length or no free PIN was found. Locks that choose their PINs are left out: they never share one.
 */
export function pickSharedPin(
  book: LockBook,
  deviceIds: readonly string[],
  placement: Placement,
  preferredLength?: number,
): string | undefined {
  const locks = deviceIds.flatMap((id) => {
    const lock = book.get(id)
    return lock === undefined || lock.device.removedAt !== null || lockAssignsPins(lock.device) ? [] : [lock]
  })
  if (locks.length === 0) return undefined
  return generateCode(
    locks.map((l) => rulesOf(l.device)),
    locks.map((l) => othersOn(l, placement).flatMap((c) => (c.code === null ? [] : [c.code]))),
    preferredLength,
  )
}

/** Writes a planned code into the book, so later checks of the same plan see its PIN and its slot. */
export function reservePlacement(
  book: LockBook,
  deviceId: string,
  placement: Placement,
  reservedBy: string,
  now: Date,
) {
  const lock = book.get(deviceId)
  if (lock === undefined) return
  // The codes it replaces no longer count either: a stay moved by row 12 frees its old window.
  if (placement.replacing !== undefined)
    lock.codes = lock.codes.filter((c) => c.accessCodeId === null || placement.replacing?.has(c.accessCodeId) !== true)
  lock.codes.push({
    accessCodeId: null,
    code: lockAssignsPins(lock.device) ? null : placement.code,
    name: placement.name,
    isManaged: true,
    ...occupancy(lock.device, placement, now.getTime()),
    reservedBy,
    ...(placement.group === undefined ? {} : { group: placement.group }),
  })
}

/** A LockCheck (the wire shape) for one lock: outcome from the problems and the PIN it would get. */
export function toLockCheck(
  book: LockBook,
  deviceId: string,
  checked: { problems: LockProblem[]; slotsInUse: number },
  code: string | null,
  ownPin: boolean,
): LockCheck | undefined {
  const lock = book.get(deviceId)
  if (lock === undefined) return undefined
  const { device } = lock
  const refused = checked.problems.some(isBlocking)
  return {
    device_id: deviceId,
    device_name: device.displayName,
    property_id: device.propertyId,
    property_name: device.propertyName,
    timezone: device.timezone,
    manufacturer: device.manufacturer,
    online: device.online,
    max_active_codes: device.maxActiveCodes,
    slots_in_use: checked.slotsInUse,
    code: lockAssignsPins(device) ? null : code,
    outcome: refused ? 'refused' : ownPin || lockAssignsPins(device) ? 'own_pin' : 'ok',
    problems: checked.problems,
  }
}
