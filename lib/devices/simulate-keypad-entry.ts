import 'server-only'
import type { Kysely, Selectable } from 'kysely'
import { codeChanged } from '@/lib/access-codes/codes-changed'
import type { ServiceContext } from '@/lib/context'
import type { AccessCodeRow, Database, SandboxKeypadCodesTable } from '@/lib/db/schema'
import { inTransaction } from '@/lib/db/transaction'
import type { DeviceRecord } from '@/lib/db/device-record'
import { parseJson } from '@/lib/db/values'
import { loadSandboxDevice } from '@/lib/devices/simulate-device'
import { recordEvent } from '@/lib/events/record-event'
import { faultNamed } from '@/lib/locks/sandbox-faults'
import type { KeypadCodeEntry, KeypadEntryRefusal } from '@/lib/schemas/simulate'
import { codeDisplayName } from '@/lib/shared/code-name'
import { formatWithZone } from '@/lib/time/zoned'

/**
 * Someone types a PIN at a sandbox lock's keypad (`/devices/simulate/keypad_code_entry`). The lock opens for a keypad
 * entry that is switched on and inside its own window, or for one of its offline codes inside the code's window, and
 * reports `lock.unlocked` with the code; a one-time offline code is used up. Otherwise it reports
 * `lock.access_denied`, and the answer says exactly why the PIN did not work: what support staff need when a guest
 * stands at a door that does not open.
 */

type KeypadEntryRow = Selectable<SandboxKeypadCodesTable>

/** What the lock decided, before anything is written. */
type Verdict =
  | { unlocked: true; code: AccessCodeRow | undefined; message: string; usesUp: boolean }
  | {
      unlocked: false
      reason: KeypadEntryRefusal
      message: string
      /** The code the PIN belongs to, as Latchkey knows it. */
      code: AccessCodeRow | undefined
      /** Whether the lock itself recognised the code (its keypad entry or offline code), so its report names it. */
      lockKnowsCode: boolean
      /** The lock did not answer: nothing is reported, no event. */
      reported: boolean
    }

const IGLOOHOME_ACTIVATION_MS = 24 * 60 * 60 * 1000

export async function simulateKeypadCodeEntry(
  ctx: ServiceContext,
  input: { device_id: string; code: string },
): Promise<KeypadCodeEntry> {
  const device = await loadSandboxDevice(ctx, input.device_id)
  const now = ctx.clock.now()
  return inTransaction(ctx.db, async (trx) => {
    let verdict = await judgeEntry(trx, device, input.code, now)
    if (verdict.unlocked && verdict.usesUp && verdict.code !== undefined) {
      // A concurrent entry may have used it up first: then this one finds it gone.
      const used = await trx
        .updateTable('access_codes')
        .set({ deleted_at: now.toISOString(), updated_at: now.toISOString() })
        .where('access_code_id', '=', verdict.code.access_code_id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
      if (Number(used.numUpdatedRows) === 0) verdict = await judgeEntry(trx, device, input.code, now)
    }
    const code = verdict.code
    let eventId: string | null = null
    if (verdict.unlocked) {
      eventId = await recordEvent(trx, ctx.clock, {
        workspaceId: ctx.workspaceId,
        eventType: 'lock.unlocked',
        deviceId: device.deviceId,
        connectedAccountId: device.connectedAccountId,
        accessCodeId: code?.access_code_id,
        payload: {
          method: 'keycode',
          ...(code === undefined ? {} : { access_code_is_managed: code.is_managed === 1 }),
        },
      })
      if (verdict.usesUp && code !== undefined) {
        // The lock voids a one-time code once used: it is deleted, and leaves the lists.
        await codeChanged(trx, ctx, {
          eventType: 'access_code.deleted',
          accessCodeId: code.access_code_id,
          device,
          payload: { code: code.code },
        })
      }
    } else if (verdict.reported) {
      eventId = await recordEvent(trx, ctx.clock, {
        workspaceId: ctx.workspaceId,
        eventType: 'lock.access_denied',
        deviceId: device.deviceId,
        connectedAccountId: device.connectedAccountId,
        accessCodeId: verdict.lockKnowsCode ? code?.access_code_id : undefined,
        // Kept for Latchkey's own pages (activity, explanations); the API's event leaves it out, as Seam's has none.
        payload: { access_denied_reason: verdict.reason },
      })
    }
    return {
      device_id: device.deviceId,
      code: input.code,
      unlocked: verdict.unlocked,
      reason: verdict.unlocked ? null : verdict.reason,
      message: verdict.message,
      access_code_id: code?.access_code_id ?? null,
      access_code_is_managed: code === undefined ? null : code.is_managed === 1,
      used_up: verdict.unlocked && verdict.usesUp,
      event_id: eventId,
    }
  })
}

/** What the lock does with the PIN, and why, from its keypad, its offline codes and what Latchkey knows. */
async function judgeEntry(db: Kysely<Database>, device: DeviceRecord, pin: string, now: Date): Promise<Verdict> {
  const lock = device.displayName
  const at = (iso: string): string => formatWithZone(iso, device.timezone)
  const silent = (reason: KeypadEntryRefusal, message: string): Verdict => ({
    unlocked: false,
    reason,
    message,
    code: undefined,
    lockKnowsCode: false,
    reported: false,
  })
  const refusal = (
    reason: KeypadEntryRefusal,
    message: string,
    code: AccessCodeRow | undefined,
    lockKnowsCode: boolean,
  ): Verdict => ({ unlocked: false, reason, message, code, lockKnowsCode, reported: true })

  if (!device.online) {
    return silent('device_offline', `${lock} is offline: it takes no keypad entry, and reports none, until it is back.`)
  }
  const cutOff = await whyCutOff(db, device)
  if (cutOff !== undefined) {
    return silent(
      'device_unreachable',
      `Latchkey cannot hear from ${lock} (${cutOff}), so no keypad entry can be reported until it is reachable again.`,
    )
  }

  const [entries, holders] = await Promise.all([
    db
      .selectFrom('sandbox_keypad_codes')
      .selectAll()
      .where('device_id', '=', device.deviceId)
      .where('code', '=', pin)
      .orderBy('slot')
      .execute(),
    db
      .selectFrom('access_codes')
      .selectAll()
      .where('device_id', '=', device.deviceId)
      .where('code', '=', pin)
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute(),
  ])

  // ---- what the keypad holds
  const entryCodes = await codesOfEntries(db, device.deviceId, entries)
  const active = entries.find((e) => e.disabled === 0 && windowState(e, now) === 'open')
  if (active !== undefined) {
    const code = entryCodes.get(active.keypad_code_id)
    return { unlocked: true, code, message: openedByEntry(lock, pin, active, code, now, at), usesUp: false }
  }
  const entry = entries[0]
  if (entry !== undefined) {
    const code = entryCodes.get(entry.keypad_code_id)
    const who = code === undefined ? `PIN ${pin}` : `PIN ${pin} ("${codeDisplayName(code)}")`
    const refused = (reason: KeypadEntryRefusal, message: string): Verdict => refusal(reason, message, code, true)
    if (entry.disabled === 1)
      return refused(
        'disabled',
        `${who} is on ${lock}'s keypad (slot ${entry.slot}) but the lock has switched it off; it works again once ` +
          're-enabled in the lock maker’s app.',
      )
    if (windowState(entry, now) === 'not_yet' && entry.starts_at !== null)
      return refused(
        'not_active_yet',
        `${who} is on ${lock}'s keypad (slot ${entry.slot}), scheduled by the lock to start working at ` +
          `${at(entry.starts_at)}.`,
      )
    if (entry.ends_at !== null)
      return refused(
        'no_longer_active',
        `${who} is still on ${lock}'s keypad (slot ${entry.slot}), but its schedule on the lock ended at ` +
          `${at(entry.ends_at)}.`,
      )
  }

  // ---- offline codes: the lock checks them against the maker's algorithm, not its keypad
  const offlineCodes = holders.filter((h) => h.is_managed === 1 && h.is_offline_access_code === 1)
  for (const code of offlineCodes.filter((c) => c.deleted_at === null)) {
    const state = windowState(code, now)
    const name = `the offline code "${codeDisplayName(code)}"`
    const refused = (reason: KeypadEntryRefusal, message: string): Verdict => refusal(reason, message, code, true)
    if (state === 'open') {
      const activationEnded = await missedIgloohomeActivation(db, device, code, now)
      if (activationEnded !== undefined)
        return refused(
          'not_activated_in_time',
          `PIN ${pin} is ${name}, which had to be used within 24 hours of its start (by ${at(activationEnded)}); ` +
            'it was not, so igloohome has voided it.',
        )
      const oneTime = code.is_one_time_use === 1
      return {
        unlocked: true,
        code,
        usesUp: oneTime,
        message:
          `${lock} opened: PIN ${pin} is ${name}` +
          (code.ends_at === null ? '.' : `, valid until ${at(code.ends_at)}.`) +
          (oneTime ? ' It was a one-time code: it is used up now.' : ''),
      }
    }
    if (state === 'not_yet' && code.starts_at !== null)
      return refused('not_active_yet', `PIN ${pin} is ${name}, which starts working at ${at(code.starts_at)}.`)
    if (code.ends_at !== null)
      return refused('no_longer_active', `PIN ${pin} is ${name}, which stopped working at ${at(code.ends_at)}.`)
  }
  for (const code of offlineCodes.filter((c) => c.is_one_time_use === 1 && c.deleted_at !== null)) {
    const usedAt = await unlockedAt(db, code.access_code_id)
    if (usedAt !== undefined)
      return refusal(
        'already_used',
        `PIN ${pin} was the one-time offline code "${codeDisplayName(code)}", used at ${at(usedAt)}: ` +
          'it opens the door only once.',
        code,
        true,
      )
  }

  // ---- not on the lock: what Latchkey knows about the PIN on this lock (the lock's report cannot name a code)
  const unknownToLock = (reason: KeypadEntryRefusal, message: string, code?: AccessCodeRow): Verdict =>
    refusal(reason, message, code, false)
  const managed = holders.filter((h) => h.is_managed === 1 && h.is_offline_access_code === 0)
  const live = managed.find((h) => h.deleted_at === null && h.status !== 'deleted' && windowState(h, now) !== 'over')
  if (live !== undefined) {
    const name = `"${codeDisplayName(live)}"`
    if (windowState(live, now) === 'not_yet' && live.starts_at !== null)
      return unknownToLock(
        'not_active_yet',
        `PIN ${pin} belongs to ${name}, which starts at ${at(live.starts_at)}; it is not on ${lock}'s keypad yet.`,
        live,
      )
    return unknownToLock(
      'not_on_lock',
      `PIN ${pin} belongs to ${name}, which is not on ${lock}'s keypad: ${whyNotOnKeypad(live)}`,
      live,
    )
  }
  const past = managed[0] ?? holders[0]
  if (past !== undefined) {
    const name = `"${codeDisplayName(past)}"`
    const ended = past.type === 'time_bound' && past.ends_at !== null && new Date(past.ends_at) <= now
    const what =
      past.is_managed === 0
        ? `was the unmanaged code ${name}, which is no longer on the keypad`
        : ended && past.ends_at !== null
          ? `was ${name}'s, whose window ended at ${at(past.ends_at)}`
          : `was ${name}'s, which was deleted${past.deleted_at === null ? '' : ` at ${at(past.deleted_at)}`}`
    return unknownToLock('no_longer_active', `PIN ${pin} ${what}; ${lock}'s keypad no longer holds it.`, past)
  }
  return unknownToLock('unknown_code', `PIN ${pin} is not on ${lock}'s keypad, and no code of this lock has it.`)
}

type WindowState = 'open' | 'not_yet' | 'over'

function windowState(window: { starts_at: string | null; ends_at: string | null }, now: Date): WindowState {
  if (window.starts_at !== null && now < new Date(window.starts_at)) return 'not_yet'
  if (window.ends_at !== null && now >= new Date(window.ends_at)) return 'over'
  return 'open'
}

/** For each keypad entry, the code it stands for in Latchkey (the live one when there are several). */
async function codesOfEntries(
  db: Kysely<Database>,
  deviceId: string,
  entries: readonly KeypadEntryRow[],
): Promise<Map<string, AccessCodeRow>> {
  const byEntry = new Map<string, AccessCodeRow>()
  if (entries.length === 0) return byEntry
  const rows = await db
    .selectFrom('access_codes')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where(
      'provider_code_id',
      'in',
      entries.map((e) => e.keypad_code_id),
    )
    .orderBy('created_at', 'desc')
    .execute()
  for (const row of rows) {
    if (row.provider_code_id === null) continue
    const known = byEntry.get(row.provider_code_id)
    if (known === undefined || (known.deleted_at !== null && row.deleted_at === null))
      byEntry.set(row.provider_code_id, row)
  }
  return byEntry
}

function openedByEntry(
  lock: string,
  pin: string,
  entry: KeypadEntryRow,
  code: AccessCodeRow | undefined,
  now: Date,
  at: (iso: string) => string,
): string {
  const opened = `${lock} opened: PIN ${pin} is on its keypad (slot ${entry.slot})`
  if (code === undefined) return `${opened}.`
  const name = `"${codeDisplayName(code)}"`
  if (code.is_managed === 0) return `${opened}, as the unmanaged code ${name}.`
  // A PIN Latchkey no longer wants still opens the door until the lock side has taken it off.
  if (code.deleted_at !== null)
    return `${opened} for ${name}, which was deleted; it opens the door until the lock side has removed it.`
  if (code.type === 'time_bound' && code.ends_at !== null && new Date(code.ends_at) <= now)
    return (
      `${opened} for ${name}, whose window ended at ${at(code.ends_at)}; it opens the door until the lock side has ` +
      'removed it.'
    )
  return `${opened} for ${name}.`
}

/** Why a live code that holds the PIN is not on the keypad, from its status and errors. */
function whyNotOnKeypad(code: AccessCodeRow): string {
  const errors = parseJson<{ error_code: string; message: string }[]>(code.errors, [])
  if (errors.length > 0)
    return `the lock has not taken it: ${errors.map((e) => `${e.message.replace(/\.$/, '')} (${e.error_code})`).join('; ')}.`
  switch (code.status) {
    case 'setting':
      return 'Latchkey is still programming it onto the lock.'
    case 'unknown':
      return 'Latchkey cannot reach the lock through its account, so it cannot tell what the keypad holds.'
    case 'set':
      return 'it was taken off the keypad outside Latchkey; Latchkey notices at its next look at the lock.'
    default:
      return 'Latchkey has not put it on the keypad.'
  }
}

/** Why Latchkey cannot hear from the lock (a hub, bridge, gateway or account down), if it cannot. */
async function whyCutOff(db: Kysely<Database>, device: DeviceRecord): Promise<string | undefined> {
  if (!device.accountConnected) return 'its account is disconnected: account_disconnected'
  const faults = await db
    .selectFrom('sandbox_faults')
    .select('fault')
    .where('device_id', '=', device.deviceId)
    .execute()
  const unreachable = faults.find((f) => faultNamed(f.fault)?.effect.type === 'unreachable')
  if (unreachable === undefined) return undefined
  const does = faultNamed(unreachable.fault)?.lockDoes
  return does === undefined ? unreachable.fault : `${unreachable.fault}: ${does}`
}

/** When the code last opened the lock, if ever. */
async function unlockedAt(db: Kysely<Database>, accessCodeId: string): Promise<string | undefined> {
  const event = await db
    .selectFrom('events')
    .select('occurred_at')
    .where('access_code_id', '=', accessCodeId)
    .where('event_type', '=', 'lock.unlocked')
    .orderBy('occurred_at', 'desc')
    .executeTakeFirst()
  return event?.occurred_at
}

/**
 * igloohome voids an offline code (algoPIN) longer than a day that was not used within 24 hours of its start; one use
 * inside that time keeps it working for the rest of its window. Gives the end of that time when it was missed.
 */
async function missedIgloohomeActivation(
  db: Kysely<Database>,
  device: DeviceRecord,
  code: AccessCodeRow,
  now: Date,
): Promise<string | undefined> {
  if (device.provider !== 'igloohome' || code.starts_at === null || code.ends_at === null) return undefined
  const startsAt = new Date(code.starts_at).getTime()
  const activationEnds = startsAt + IGLOOHOME_ACTIVATION_MS
  if (new Date(code.ends_at).getTime() - startsAt <= IGLOOHOME_ACTIVATION_MS || now.getTime() < activationEnds)
    return undefined
  const firstUse = await db
    .selectFrom('events')
    .select('occurred_at')
    .where('access_code_id', '=', code.access_code_id)
    .where('event_type', '=', 'lock.unlocked')
    .orderBy('occurred_at')
    .executeTakeFirst()
  const activated = firstUse !== undefined && new Date(firstUse.occurred_at).getTime() < activationEnds
  return activated ? undefined : new Date(activationEnds).toISOString()
}
