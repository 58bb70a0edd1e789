import 'server-only'
import { parseJson } from '@/lib/db/values'
import type { ActionAttemptRow, CodeFacts, EventRow } from '@/lib/explain/code-facts'
import type { Moments } from '@/lib/explain/moments'
import type { DoorAttempt, TimelineEntry } from '@/lib/schemas/explanation'
import { keypadEntryRefusal, type KeypadEntryRefusal } from '@/lib/schemas/simulate'
import { eventInWords, refusalInWords } from '@/lib/shared/event-in-words'

/** The code's history and the PINs entered at its lock, in words. */

export const MAX_DOOR_ATTEMPTS = 10
export const MAX_TIMELINE = 200

const payloadOf = (event: EventRow): Record<string, unknown> => parseJson<Record<string, unknown>>(event.payload, {})

/** Why the lock refused, as recorded with the event (`/devices/simulate/keypad_code_entry` keeps it). */
function refusalOf(event: EventRow): KeypadEntryRefusal | null {
  const parsed = keypadEntryRefusal.safeParse(payloadOf(event).access_denied_reason)
  return parsed.success ? parsed.data : null
}

/**
 * The PINs entered at the lock since the code was created, newest first: those the lock reported as this code's,
 * and refusals that name no code (a lock names only the codes it holds, so a guest's PIN that is not on the keypad
 * comes back nameless). Openings by other codes are left out.
 */
export function doorAttemptsOf(facts: CodeFacts, moments: Moments): DoorAttempt[] {
  const id = facts.row.access_code_id
  return facts.doorEvents
    .filter((e) => e.access_code_id === id || (e.access_code_id === null && e.event_type === 'lock.access_denied'))
    .slice(0, MAX_DOOR_ATTEMPTS)
    .map((event) => {
      const unlocked = event.event_type === 'lock.unlocked'
      const namesThisCode = event.access_code_id === id
      const reason = unlocked ? null : refusalOf(event)
      const when = moments.at(event.occurred_at)
      const text = unlocked
        ? `Opened the door ${when} with this code’s PIN.`
        : namesThisCode
          ? `Refused ${when}: ${reason === null ? 'the lock did not say why' : refusalInWords[reason]}.`
          : `A PIN the lock does not hold was refused ${when}` +
            `${reason === null ? '' : ` (${refusalInWords[reason]})`}; it may have been this code’s.`
      return {
        event_id: event.event_id,
        occurred_at: event.occurred_at,
        unlocked,
        reason,
        names_this_code: namesThisCode,
        text,
      }
    })
}

const attemptWhat: Record<string, string> = {
  CREATE_ACCESS_CODE: 'Creating the code',
  UPDATE_ACCESS_CODE: 'Changing the code',
  DELETE_ACCESS_CODE: 'Deleting the code',
}

function attemptEntry(attempt: ActionAttemptRow): TimelineEntry {
  const what = attemptWhat[attempt.action_type] ?? attempt.action_type
  const error = attempt.error === null ? null : parseJson<{ type: string; message: string } | null>(attempt.error, null)
  const text =
    attempt.status === 'pending'
      ? `${what}: asked of the lock, not done yet.`
      : attempt.status === 'success'
        ? `${what}: done on the lock.`
        : `${what}: ended in error${error === null ? '' : ` ${error.type} (${error.message.replace(/\.$/, '')})`}.`
  return {
    kind: 'action_attempt',
    at: attempt.created_at,
    action_attempt_id: attempt.action_attempt_id,
    action_type: attempt.action_type,
    status: attempt.status,
    ended_at: attempt.status === 'pending' ? null : attempt.updated_at,
    error,
    text,
  }
}

function eventEntry(event: EventRow, aboutCode: boolean, names: { lock: string; brand: string }): TimelineEntry {
  const payload = payloadOf(event)
  const words = eventInWords({ ...payload, event_type: event.event_type }, names)
  return {
    kind: 'event',
    at: event.occurred_at,
    event_id: event.event_id,
    event_type: event.event_type,
    about_code: aboutCode,
    text: `${words.summary}.`,
  }
}

/** The code's events and action attempts, and its lock's connection events during its life; newest first. */
export function timelineOf(facts: CodeFacts): TimelineEntry[] {
  const names = { lock: facts.device.displayName, brand: facts.lock.brand }
  const entries = [
    ...facts.events.map((e) => eventEntry(e, true, names)),
    ...facts.lockEvents.map((e) => eventEntry(e, false, names)),
    ...facts.attempts.map(attemptEntry),
  ]
  const idOf = (e: TimelineEntry): string => (e.kind === 'event' ? e.event_id : e.action_attempt_id)
  // Newest first; ids are UUIDv7, so at one instant the later-written entry comes first.
  entries.sort((a, b) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : idOf(a) < idOf(b) ? 1 : -1))
  return entries.slice(0, MAX_TIMELINE)
}
