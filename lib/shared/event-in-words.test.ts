import { describe, expect, it } from 'vitest'
import { eventType } from '@/lib/schemas/event'
import { keypadEntryRefusal } from '@/lib/schemas/simulate'
import { eventCategories, eventInWords, eventTypeLabels, eventTypesOf, refusalInWords } from '@/lib/shared/event-in-words'

const fallback = (type: string): string => {
  const words = type.replaceAll('.', ' ').replaceAll('_', ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

describe('eventInWords', () => {
  it('has words and a filter label of its own for every event Latchkey records', () => {
    for (const type of eventType.options) {
      const words = eventInWords({ event_type: type }, { lock: 'Front door' })
      expect({ type, summary: words.summary }).not.toEqual({ type, summary: fallback(type) })
      expect(eventTypeLabels[type], type).toBeDefined()
    }
    expect(Object.keys(eventTypeLabels).sort()).toEqual([...eventType.options].sort())
  })

  it('names the lock, or says "the lock" when its name is not known', () => {
    expect(eventInWords({ event_type: 'access_code.set_on_device' }, { lock: 'Front door' }).summary).toBe(
      'PIN set on Front door',
    )
    expect(eventInWords({ event_type: 'access_code.set_on_device' }).summary).toBe('PIN set on the lock')
    expect(eventInWords({ event_type: 'device.disconnected' }).summary).toBe('The lock went offline')
    expect(eventInWords({ event_type: 'connected_account.disconnected' }, { brand: 'August' }).summary).toBe(
      'The August account is disconnected',
    )
  })

  it('says why the lock refused a PIN, for every reason a keypad entry can have', () => {
    for (const reason of keypadEntryRefusal.options) {
      const words = eventInWords({ event_type: 'lock.access_denied', access_denied_reason: reason })
      expect(words.summary).toBe(`Refused at the door: ${refusalInWords[reason]}`)
      expect(words.tone).toBe('danger')
    }
    expect(eventInWords({ event_type: 'lock.access_denied', access_denied_reason: 'not_active_yet' }).summary).toBe(
      'Refused at the door: not active yet',
    )
    // An event without a reason (or one this version does not know) still reads as a refusal.
    expect(eventInWords({ event_type: 'lock.access_denied' }, { lock: 'Gate' }).summary).toBe(
      'Refused at the door of Gate',
    )
    expect(eventInWords({ event_type: 'lock.access_denied', access_denied_reason: 'gremlins' }).summary).toBe(
      'Refused at the door of the lock',
    )
  })

  it('reads an event type it does not know as words', () => {
    expect(eventInWords({ event_type: 'thermostat.temperature_changed' })).toEqual({
      summary: 'Thermostat temperature changed',
      tone: 'neutral',
    })
  })
})

describe('eventTypesOf', () => {
  it('gives a category’s event types, one event type alone, and nothing for anything else', () => {
    expect(eventTypesOf('door')).toEqual(['lock.unlocked', 'lock.access_denied'])
    expect(eventTypesOf('access_code.deleted')).toEqual(['access_code.deleted'])
    expect(eventTypesOf('nonsense')).toBeUndefined()
    expect(eventTypesOf('toString')).toBeUndefined()
    for (const category of eventCategories) {
      for (const type of category.eventTypes) expect(eventTypeLabels[type], `${category.key} ${type}`).toBeDefined()
    }
  })
})
