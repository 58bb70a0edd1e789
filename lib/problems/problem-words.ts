import 'server-only'
import { describeIssue } from '@/lib/shared/issue-catalogue'

/**
 * The problems queue's own words, for what the issue catalogue has no entry for (an arrival at risk, a low battery,
 * a nearly full keypad, a removal that does not finish). Problems about an error or warning use the catalogue's.
 */

export interface ProblemWords {
  title: string
  /** What it means at the door. */
  message: string
  /** What to do. */
  remedy: string
}

/** Why an arrival is at risk: an error or warning of the catalogue, or one of Latchkey's own findings. */
export type ArrivalCause =
  | { kind: 'error' | 'warning'; code: string }
  | { kind: 'own'; code: 'battery_critical' | 'not_on_lock_yet' | 'status_unknown' }

const HOUR = 3_600_000

/**
 * `formatWithZone` ("Fri, Mar 6, 3:00 PM MST") with its formatters made once per zone: a queue of a few hundred
 * problems formats a few hundred times, and making an Intl.DateTimeFormat costs far more than using one.
 */
const formatters = new Map<string, { time: Intl.DateTimeFormat; zone: Intl.DateTimeFormat }>()
export function formatWithZone(iso: string, timeZone: string): string {
  let made = formatters.get(timeZone)
  if (made === undefined) {
    made = {
      time: new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      }),
      zone: new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }),
    }
    formatters.set(timeZone, made)
  }
  const at = new Date(iso)
  const zone = made.zone.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  return `${made.time.format(at)} ${zone}`
}

/** "in 5 hours", "in 2 days", "2 hours ago": how far a check-in is from now. */
export function fromNow(iso: string, now: Date): string {
  const ms = new Date(iso).getTime() - now.getTime()
  const hours = Math.round(Math.abs(ms) / HOUR)
  const span =
    hours < 1
      ? 'less than an hour'
      : hours < 48
        ? `${hours} hour${hours === 1 ? '' : 's'}`
        : `${Math.round(hours / 24)} days`
  return ms >= 0 ? `in ${span}` : `${span} ago`
}

export const percent = (level: number): string => `${Math.round(level * 100)}%`

export function lowBatteryWords(level: number, critical: boolean): ProblemWords {
  return critical
    ? {
        title: 'Battery almost empty',
        message:
          `The lock’s batteries are at ${percent(level)}. When they run out the lock stops answering: codes can no ` +
          'longer be added, changed or removed, and the keypad may stop opening the door.',
        remedy:
          'Replace all the lock’s batteries now, with the type its maker recommends, and before the next guest ' +
          'arrives. The level updates with the lock’s next report.',
      }
    : {
        title: 'Battery low',
        message:
          `The lock’s batteries are at ${percent(level)}. Everything works for now, but a lock with flat batteries ` +
          'goes offline and its keypad may stop working.',
        remedy:
          'Plan a battery change soon, at the latest before the level is critical (under 10%). The level updates ' +
          'with the lock’s next report.',
      }
}

export function keypadWords(used: number, max: number, unmanaged: number): ProblemWords {
  const full = used >= max
  const outside =
    unmanaged === 0
      ? ''
      : ` ${unmanaged} of them ${unmanaged === 1 ? 'is a code' : 'are codes'} added outside Latchkey (unmanaged).`
  return {
    title: full ? 'Keypad full' : 'Keypad nearly full',
    message:
      `${used} of the lock’s ${max} code slots are taken, or promised to codes scheduled ahead.${outside} ` +
      (full
        ? 'A code that needs a slot now fails with “Lock is full” and will not open the door.'
        : 'Once none is free, new codes fail with “Lock is full” and will not open the door.'),
    remedy:
      'Delete codes that are no longer needed (ended stays, former staff). Look at the lock’s unmanaged codes too: ' +
      'PINs added in the maker’s app or at the keypad take slots. Convert the ones to keep into Latchkey codes and ' +
      'delete the others.',
  }
}

export function stuckRemovalWords(input: {
  codeName: string
  since: string
  timezone: string
  expired: boolean
  cause: 'account_disconnected' | 'device_offline' | 'failed_to_remove_from_device' | null
}): ProblemWords {
  const what = input.expired
    ? `The stay of “${input.codeName}” ended at ${formatWithZone(input.since, input.timezone)}`
    : `“${input.codeName}” was deleted at ${formatWithZone(input.since, input.timezone)}`
  const why =
    input.cause === 'device_offline'
      ? 'The lock is offline, so Latchkey cannot take the code off until it answers again.'
      : input.cause === 'account_disconnected'
        ? 'The lock maker’s account is disconnected, so Latchkey cannot reach the lock.'
        : input.cause === 'failed_to_remove_from_device'
          ? 'The lock refused to remove it.'
          : 'The lock has not confirmed the removal yet.'
  const remedy =
    input.cause === 'device_offline' || input.cause === 'account_disconnected'
      ? `${describeIssue('error', input.cause).whatToDo} Latchkey removes the code as soon as the lock answers. If ` +
        'the PIN must stop working before then, delete it at the keypad with the lock’s programming code, or in the ' +
        'maker’s app.'
      : describeIssue('error', 'failed_to_remove_from_device').whatToDo
  return {
    title: 'Old PIN still opens the door',
    message: `${what}, but the code is still on the keypad: its PIN still opens the door. ${why}`,
    remedy,
  }
}

/** One sentence per cause of an arrival at risk, and what to do about the first. */
export function arrivalWords(input: {
  codeName: string
  startsAt: string
  timezone: string
  now: Date
  /** Most important first. */
  causes: readonly ArrivalCause[]
  onLock: boolean
  batteryLevel: number | null
  pendingSince: string | null
  backupOffered: boolean
}): ProblemWords {
  const { startsAt, timezone, now } = input
  const started = new Date(startsAt) <= now
  const when = `${formatWithZone(startsAt, timezone)} (${fromNow(startsAt, now)})`
  const sentences = input.causes.map((cause) => causeSentence(cause, input))
  const first = input.causes[0]
  let remedy = first === undefined ? '' : causeRemedy(first)
  if (input.backupOffered) {
    remedy +=
      ' If it is not fixed in time, pull a backup code: it is already on the lock for the same dates. Send it to ' +
      'the guest.'
  } else if (!input.onLock) {
    remedy += ' If it is not fixed in time, arrange another way in for the guest.'
  }
  return {
    title: `Arrival at risk: ${input.codeName}`,
    message: `${started ? 'Checked in' : 'Checks in'} ${when}. ${sentences.join(' ')}`,
    remedy: remedy.trim(),
  }
}

function causeSentence(
  cause: ArrivalCause,
  input: { onLock: boolean; batteryLevel: number | null; pendingSince: string | null; timezone: string },
): string {
  if (cause.kind === 'own') {
    switch (cause.code) {
      case 'battery_critical':
        return (
          `The lock’s batteries are almost empty${input.batteryLevel === null ? '' : ` (${percent(input.batteryLevel)})`}: ` +
          'it may stop answering, and its keypad stop working, before the guest arrives.'
        )
      case 'not_on_lock_yet':
        return input.pendingSince === null
          ? 'The code should be on the lock by now, and it is not.'
          : `Latchkey has been putting the code on the lock since ${formatWithZone(input.pendingSince, input.timezone)}, and the lock has not confirmed it.`
      case 'status_unknown':
        return 'Latchkey cannot tell whether the lock has the code.'
    }
  }
  if (cause.kind === 'error' && cause.code === 'account_disconnected')
    return 'The lock maker’s account is disconnected: Latchkey cannot program the code or check that the lock has it.'
  if (cause.kind === 'error' && cause.code === 'device_offline') {
    return input.onLock
      ? 'The code is on the lock, but the lock is offline: Latchkey cannot check it or change it until the lock answers again.'
      : 'The lock is offline and does not have the code yet: the PIN will not open the door until the lock is back and Latchkey has programmed it.'
  }
  const entry = describeIssue(cause.kind, cause.code)
  return `${entry.title}: ${entry.explanation}`
}

function causeRemedy(cause: ArrivalCause): string {
  if (cause.kind !== 'own') return describeIssue(cause.kind, cause.code).whatToDo
  switch (cause.code) {
    case 'battery_critical':
      return 'Replace the lock’s batteries before check-in.'
    case 'not_on_lock_yet':
      return 'Check that the lock is online and its batteries are good. Retry now, or open the code to see what the lock answered.'
    case 'status_unknown':
      return 'Open the code to see what Latchkey last knew, and check the lock in its maker’s app.'
  }
}

export const ACCOUNT_INSTRUCTIONS = (brand: string, sandbox: boolean): string =>
  `Ask whoever owns the ${brand} account to sign in to the ${brand} app and check that the account still exists, ` +
  'that its password has not changed and that access for Latchkey has not been revoked; then connect the account to ' +
  'Latchkey again. Codes waiting for the lock are programmed as soon as it answers.' +
  (sandbox ? ' This is a sandbox lock: /connected_accounts/simulate/connect reconnects its account.' : '')
