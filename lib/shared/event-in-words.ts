import { accessCodeEventTypes, deviceEventTypes, latchkeyEventTypes, lockEventTypes } from '@/lib/schemas/event'
import { keypadEntryRefusal, type KeypadEntryRefusal } from '@/lib/schemas/simulate'

/**
 * Events in a property manager's words, for the activity page and its CSV export: "PIN set on Front door",
 * "Refused at the door: not active yet". Pure, so the server (export) and the browser can both use it.
 */

export type EventTone = 'neutral' | 'success' | 'warning' | 'danger'

export interface EventInWords {
  /** What happened, as one short sentence without a full stop. */
  summary: string
  /** More about it, when there is more to say. */
  detail?: string
  tone: EventTone
}

/** The names an event's ids stand for, as far as they are known. */
export interface EventNames {
  /** The lock's name. */
  lock?: string | undefined
  /** The lock maker of a connected account ("August"). */
  brand?: string | undefined
}

/** The event's fields the words use. */
export interface WordedEvent {
  event_type: string
  [field: string]: unknown
}

/** Why a lock refused a PIN at its keypad, as the end of "Refused at the door: …". */
export const refusalInWords: Readonly<Record<KeypadEntryRefusal, string>> = {
  device_offline: 'the lock is offline',
  device_unreachable: 'the lock cannot be reached',
  disabled: 'the PIN is switched off on the lock',
  not_active_yet: 'not active yet',
  no_longer_active: 'no longer active',
  already_used: 'a one-time code, already used',
  not_activated_in_time: 'not used within 24 hours of its start, so voided',
  not_on_lock: 'not on the lock yet',
  unknown_code: 'a PIN the lock does not know',
}

const isRefusal = (value: unknown): value is KeypadEntryRefusal => keypadEntryRefusal.safeParse(value).success

const sentence = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1)

/** The event in words; `names` fills in the lock (or the account's brand) where the sentence names it. */
export function eventInWords(event: WordedEvent, names: EventNames = {}): EventInWords {
  const lock = names.lock ?? 'the lock'
  const account = names.brand === undefined ? 'The lock maker’s account' : `The ${names.brand} account`
  switch (event.event_type) {
    case 'access_code.created':
      return { summary: `Code created for ${lock}`, tone: 'neutral' }
    case 'access_code.changed':
      return {
        summary: 'Code changed in Latchkey',
        detail: `${sentence(lock)} is brought up to date.`,
        tone: 'neutral',
      }
    case 'access_code.scheduled_on_device':
      return {
        summary: `PIN scheduled on ${lock}`,
        detail: 'The lock turns it on at the start time by itself.',
        tone: 'success',
      }
    case 'access_code.set_on_device':
      return { summary: `PIN set on ${lock}`, detail: 'It opens the door now.', tone: 'success' }
    case 'access_code.removed_from_device':
      return { summary: `PIN removed from ${lock}`, detail: 'It no longer opens the door.', tone: 'neutral' }
    case 'access_code.delay_in_setting_on_device':
      return { summary: `Setting the PIN on ${lock} is taking longer than usual`, tone: 'warning' }
    case 'access_code.failed_to_set_on_device':
      return { summary: `Could not set the PIN on ${lock}`, detail: 'Latchkey keeps trying.', tone: 'danger' }
    case 'access_code.deleted':
      return { summary: 'Code deleted in Latchkey', tone: 'neutral' }
    case 'access_code.delay_in_removing_from_device':
      return { summary: `Removing the PIN from ${lock} is taking longer than usual`, tone: 'warning' }
    case 'access_code.failed_to_remove_from_device':
      return {
        summary: `Could not remove the PIN from ${lock}`,
        detail: 'Latchkey keeps trying; the PIN may still open the door.',
        tone: 'danger',
      }
    case 'access_code.modified_external_to_seam':
      return {
        summary: `PIN changed on ${lock} outside Latchkey`,
        detail: 'Someone changed it at the lock or in the lock maker’s app.',
        tone: 'danger',
      }
    case 'access_code.deleted_external_to_seam':
      return {
        summary: `PIN removed from ${lock} outside Latchkey`,
        detail: 'Someone removed it at the lock or in the lock maker’s app.',
        tone: 'danger',
      }
    case 'access_code.backup_access_code_pulled':
      return { summary: 'Backup code handed out', detail: 'A spare PIN from the lock’s backup pool.', tone: 'neutral' }
    case 'access_code.unmanaged.converted_to_managed':
      return { summary: `Code on ${lock} taken over by Latchkey`, tone: 'neutral' }
    case 'access_code.unmanaged.failed_to_convert_to_managed':
      return { summary: `Could not take over a code on ${lock}`, tone: 'danger' }
    case 'access_code.unmanaged.created':
      return {
        summary: `Code found on ${lock} that Latchkey did not set`,
        detail: 'It was added at the lock or in the lock maker’s app.',
        tone: 'neutral',
      }
    case 'access_code.unmanaged.removed':
      return { summary: `Code Latchkey did not set is gone from ${lock}`, tone: 'neutral' }
    case 'device.connected':
      return { summary: `${sentence(lock)} is back online`, tone: 'success' }
    case 'device.disconnected':
      return {
        summary: `${sentence(lock)} went offline`,
        detail: 'PINs already on it keep working; changes wait until it is back.',
        tone: 'danger',
      }
    case 'device.added':
      return { summary: `${sentence(lock)} added to Latchkey`, tone: 'neutral' }
    case 'device.removed':
      return { summary: `${sentence(lock)} removed from its account`, tone: 'danger' }
    case 'device.deleted':
      return { summary: `${sentence(lock)} deleted`, tone: 'neutral' }
    case 'device.low_battery':
      return { summary: `${sentence(lock)} has a low battery`, tone: 'warning' }
    case 'device.battery_status_changed':
      return { summary: `${sentence(lock)} reported a new battery level`, tone: 'neutral' }
    case 'connected_account.connected':
      return { summary: `${account} is connected again`, tone: 'success' }
    case 'connected_account.disconnected':
      return {
        summary: `${account} is disconnected`,
        detail: 'Nothing can be programmed on its locks until it is reconnected.',
        tone: 'danger',
      }
    case 'lock.unlocked':
      return { summary: `Door opened with a PIN at ${lock}`, tone: 'success' }
    case 'access_code.pin_revealed': {
      const who = typeof event.revealed_by_email === 'string' ? event.revealed_by_email : 'a member'
      const stay = typeof event.reservation_key === 'string' ? ` of the stay ${event.reservation_key}` : ''
      return {
        summary: `PIN${stay} revealed to ${who}`,
        detail: 'Shown in the dashboard, at their request.',
        tone: 'neutral',
      }
    }
    case 'lock.access_denied': {
      const reason = event.access_denied_reason
      return {
        summary: isRefusal(reason)
          ? `Refused at the door: ${refusalInWords[reason]}`
          : `Refused at the door of ${lock}`,
        detail: 'A PIN was entered at the keypad, and the lock stayed locked.',
        tone: 'danger',
      }
    }
    default:
      return { summary: sentence(event.event_type.replaceAll('.', ' ').replaceAll('_', ' ')), tone: 'neutral' }
  }
}

/** The event types the activity page can filter on, with their label. */
export const eventTypeLabels: Readonly<Record<string, string>> = {
  'access_code.created': 'Code created',
  'access_code.changed': 'Code changed',
  'access_code.scheduled_on_device': 'PIN scheduled on the lock',
  'access_code.set_on_device': 'PIN set on the lock',
  'access_code.removed_from_device': 'PIN removed from the lock',
  'access_code.delay_in_setting_on_device': 'Setting delayed',
  'access_code.failed_to_set_on_device': 'Could not set',
  'access_code.deleted': 'Code deleted',
  'access_code.delay_in_removing_from_device': 'Removal delayed',
  'access_code.failed_to_remove_from_device': 'Could not remove',
  'access_code.modified_external_to_seam': 'Changed outside Latchkey',
  'access_code.deleted_external_to_seam': 'Removed outside Latchkey',
  'access_code.backup_access_code_pulled': 'Backup code handed out',
  'access_code.unmanaged.converted_to_managed': 'Taken over by Latchkey',
  'access_code.unmanaged.failed_to_convert_to_managed': 'Could not take over',
  'access_code.unmanaged.created': 'Code found on the lock',
  'access_code.unmanaged.removed': 'Found code gone',
  'device.connected': 'Lock back online',
  'device.disconnected': 'Lock went offline',
  'device.added': 'Lock added',
  'device.removed': 'Lock removed',
  'device.deleted': 'Lock deleted',
  'device.low_battery': 'Low battery',
  'device.battery_status_changed': 'Battery level',
  'connected_account.connected': 'Account connected',
  'connected_account.disconnected': 'Account disconnected',
  'lock.unlocked': 'Door opened',
  'lock.access_denied': 'Refused at the door',
  'access_code.pin_revealed': 'PIN revealed',
}

/** Several event types under one choice of the activity page's "What" filter. */
export interface EventCategory {
  key: string
  label: string
  eventTypes: readonly string[]
}

export const eventCategories: readonly EventCategory[] = [
  { key: 'door', label: 'At the door (opened or refused)', eventTypes: lockEventTypes },
  {
    key: 'problems',
    label: 'Problems (failures, delays, outside changes, refusals)',
    eventTypes: [
      'access_code.delay_in_setting_on_device',
      'access_code.failed_to_set_on_device',
      'access_code.delay_in_removing_from_device',
      'access_code.failed_to_remove_from_device',
      'access_code.modified_external_to_seam',
      'access_code.deleted_external_to_seam',
      'access_code.unmanaged.failed_to_convert_to_managed',
      'device.disconnected',
      'device.removed',
      'device.low_battery',
      'connected_account.disconnected',
      'lock.access_denied',
    ],
  },
  { key: 'codes', label: 'Codes (all code events)', eventTypes: [...accessCodeEventTypes, ...latchkeyEventTypes] },
  { key: 'locks', label: 'Locks and accounts', eventTypes: deviceEventTypes },
]

/** The event types of a "What" choice: a category's, or the one event type named; undefined for anything else. */
export function eventTypesOf(choice: string): readonly string[] | undefined {
  const category = eventCategories.find((c) => c.key === choice)
  if (category !== undefined) return category.eventTypes
  return Object.hasOwn(eventTypeLabels, choice) ? [choice] : undefined
}
