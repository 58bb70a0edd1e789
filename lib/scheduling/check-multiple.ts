import 'server-only'
import { lockAssignsPins } from '@/lib/access-codes/new-access-code'
import type { ServiceContext } from '@/lib/context'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { loadLockBook, type LockBook } from '@/lib/scheduling/lock-book'
import {
  checkPlacement,
  isBlocking,
  pickSharedPin,
  toLockCheck,
  type Placement,
} from '@/lib/scheduling/placement-checks'
import type { CreateMultipleAccessCodesInput } from '@/lib/schemas/access-code'
import type { CheckCreateMultipleResponse, LockCheck, LockProblem } from '@/lib/schemas/lock-check'
import { sharedLength } from '@/lib/shared/code-rules'

/**
 * /access_codes/create_multiple/check: what /access_codes/create_multiple would do with this body, lock by lock,
 * before anything is written. It reads the locks and their codes once (loadLockBook) and answers in memory with the
 * placement checks, following create_multiple's own rules: with `throw` a lock that cannot take the shared PIN
 * stops the whole request; with `create_random_code` it gets a PIN of its own. When no PIN is given it picks one
 * every lock accepts, which the caller then sends, so what was checked is what is created.
 */

/** PIN problems that `create_random_code` answers with a PIN of the lock's own instead of a refusal. */
const PIN_PROBLEMS: readonly string[] = ['pin_not_allowed_on_lock', 'pin_in_use_on_lock', 'duplicate_pin_in_file']

export async function checkCreateMultiple(
  ctx: ServiceContext,
  input: CreateMultipleAccessCodesInput,
): Promise<CheckCreateMultipleResponse> {
  const now = ctx.clock.now()
  // About the request, not a lock: refused as create_multiple refuses it, on the field.
  if (input.ends_at !== undefined && new Date(input.ends_at) <= now)
    throw invalidInput({ ends_at: ['must be in the future'] })
  const book = await loadLockBook(ctx, input.device_ids)
  // Another workspace's lock is as unknown as one that never was (and create_multiple answers the same).
  const missing = input.device_ids.filter((id) => !book.has(id))
  if (missing.length > 0)
    throw new DomainError(
      'device_not_found',
      `Device${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'were' : 'was'} not found.`,
      { device_ids: missing },
    )

  const ownPinWhenRefused = input.behavior_when_code_cannot_be_shared === 'create_random_code'
  const base: Placement = {
    code: null,
    name: input.name ?? null,
    startsAt: input.starts_at ?? null,
    endsAt: input.ends_at ?? null,
    options: {
      ...(input.prefer_native_scheduling === undefined
        ? {}
        : { prefer_native_scheduling: input.prefer_native_scheduling }),
      ...(input.attempt_for_offline_device === undefined
        ? {}
        : { attempt_for_offline_device: input.attempt_for_offline_device }),
    },
  }
  const code = input.code ?? pickForAll(book, input.device_ids, base, input.preferred_code_length) ?? null

  const checks: LockCheck[] = []
  for (const deviceId of input.device_ids) {
    const check = checkOne(book, deviceId, base, {
      code,
      codeGiven: input.code !== undefined,
      ownPinWhenRefused,
      alone: input.device_ids.length === 1,
      preferredLength: input.preferred_code_length,
      now,
    })
    if (check !== undefined) checks.push(check)
  }
  const canCreate = !checks.some((c) => c.outcome === 'refused')
  return { checks, code, can_create: canCreate, summary: summaryOf(checks, code, canCreate, ownPinWhenRefused) }
}

/**
 * A PIN for the whole request, as create_multiple picks one: of the length most of the locks accept (the preferred
 * one when every lock takes it), free and allowed on every lock of that length. Locks that choose their own PINs,
 * and removed ones, take no part.
 */
function pickForAll(
  book: LockBook,
  deviceIds: readonly string[],
  placement: Placement,
  preferredLength: number | undefined,
): string | undefined {
  const sharing = deviceIds.flatMap((id) => {
    const lock = book.get(id)
    return lock === undefined || lock.device.removedAt !== null || lockAssignsPins(lock.device) ? [] : [lock.device]
  })
  const length = sharedLength(
    sharing.map((d) => d.supportedCodeLengths),
    preferredLength,
  )
  if (length === undefined) return undefined
  const fits = sharing.filter((d) => d.supportedCodeLengths.includes(length)).map((d) => d.deviceId)
  return pickSharedPin(book, fits, placement, length)
}

interface CheckOptions {
  /** The shared PIN (given or picked), or null when none fits every lock. */
  code: string | null
  codeGiven: boolean
  ownPinWhenRefused: boolean
  /** The only lock of the request: a lock that chooses its PINs has nothing to share then. */
  alone: boolean
  preferredLength: number | undefined
  now: Date
}

function checkOne(book: LockBook, deviceId: string, base: Placement, options: CheckOptions): LockCheck | undefined {
  const lock = book.get(deviceId)
  if (lock === undefined) return undefined
  const { device } = lock
  const name = device.displayName

  if (device.removedAt === null && lockAssignsPins(device)) {
    const checked = checkPlacement(book, deviceId, base, options.now)
    // create_multiple: such a lock never shares a PIN; alone and without a PIN, its code simply waits for the lock's.
    const refusal =
      options.ownPinWhenRefused || (options.alone && !options.codeGiven)
        ? undefined
        : options.codeGiven
          ? `${name} chooses the PIN of each code itself, so PIN ${options.code ?? ''} cannot be put on it. ` +
            'Leave the PIN out, or choose “Give those locks their own PIN”.'
          : `${name} chooses the PIN of each code itself, so it cannot share one: with “Stop and create nothing”, ` +
            'nothing would be created. Choose “Give those locks their own PIN”, or leave it out.'
    const problems = checked.problems.map((p) =>
      refusal !== undefined && p.problem === 'lock_chooses_pin'
        ? { ...p, severity: 'error' as const, message: refusal }
        : p,
    )
    return toLockCheck(book, deviceId, { problems, slotsInUse: checked.slotsInUse }, null, true)
  }

  if (options.code === null) {
    const checked = checkPlacement(book, deviceId, base, options.now)
    if (device.removedAt !== null) return toLockCheck(book, deviceId, checked, null, false)
    if (!options.ownPinWhenRefused) {
      const problem: LockProblem = {
        device_id: deviceId,
        problem: 'pin_not_allowed_on_lock',
        severity: 'error',
        message:
          'No PIN could be found that every one of these locks accepts (their PIN lengths and rules leave none in ' +
          'common). Choose “Give those locks their own PIN”, or check these locks in smaller groups.',
      }
      return toLockCheck(book, deviceId, { ...checked, problems: [problem, ...checked.problems] }, null, false)
    }
    return ownPinCheck(book, deviceId, base, checked, options)
  }

  const checked = checkPlacement(book, deviceId, { ...base, code: options.code }, options.now)
  const pinRefused = checked.problems.some((p) => PIN_PROBLEMS.includes(p.problem))
  if (!pinRefused || !options.ownPinWhenRefused || device.removedAt !== null)
    return toLockCheck(book, deviceId, checked, options.code, false)
  // The shared PIN's refusals stay as warnings: they say why this lock gets a PIN of its own.
  const why = checked.problems.map((p) =>
    PIN_PROBLEMS.includes(p.problem)
      ? { ...p, severity: 'warning' as const, message: `${p.message} It gets a PIN of its own instead.` }
      : p,
  )
  return ownPinCheck(book, deviceId, base, { ...checked, problems: why }, options)
}

/** The lock gets a PIN of its own: one it accepts and holds nowhere, picked for it alone. */
function ownPinCheck(
  book: LockBook,
  deviceId: string,
  base: Placement,
  checked: { problems: LockProblem[]; slotsInUse: number },
  options: CheckOptions,
): LockCheck | undefined {
  const own = pickSharedPin(book, [deviceId], base, options.preferredLength)
  if (own === undefined) {
    const name = book.get(deviceId)?.device.displayName ?? 'This lock'
    const problem: LockProblem = {
      device_id: deviceId,
      problem: 'pin_not_allowed_on_lock',
      severity: 'error',
      message: `No free PIN is left on ${name} that its rules allow.`,
    }
    return toLockCheck(book, deviceId, { ...checked, problems: [problem, ...checked.problems] }, null, true)
  }
  return toLockCheck(book, deviceId, checked, own, true)
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

const listNames = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`

/** What would happen, in a sentence or two. */
function summaryOf(checks: readonly LockCheck[], code: string | null, canCreate: boolean, ownPins: boolean): string {
  const refused = checks.filter((c) => c.outcome === 'refused')
  const own = checks.filter((c) => c.outcome === 'own_pin')
  const shared = checks.filter((c) => c.outcome === 'ok')
  const warned = checks.filter((c) => c.outcome === 'ok' && c.problems.length > 0)
  if (!canCreate) {
    const first = refused[0]?.problems.find(isBlocking)?.message ?? ''
    const what = ownPins
      ? `${listNames(refused.map((c) => c.device_name))} cannot take a code`
      : `${listNames(refused.map((c) => c.device_name))} ${refused.length === 1 ? 'refuses' : 'refuse'}`
    return `Nothing would be created: ${what}. ${first}`.trim()
  }
  const parts: string[] = []
  if (shared.length > 0)
    parts.push(
      `${shared.length === checks.length ? `All ${plural(checks.length, 'lock')}` : plural(shared.length, 'lock')} ` +
        `${shared.length === 1 && shared.length !== checks.length ? 'takes' : 'take'} ` +
        (code === null ? 'the shared PIN' : `PIN ${code}`),
    )
  if (own.length > 0)
    parts.push(
      `${listNames(own.map((c) => c.device_name))} ${own.length === 1 ? 'gets a PIN' : 'get PINs'} of ${own.length === 1 ? 'its' : 'their'} own`,
    )
  const sentence = `${parts.join('; ')}.`
  return warned.length > 0 ? `${sentence} ${plural(warned.length, 'lock')} with a warning: see below.` : sentence
}
