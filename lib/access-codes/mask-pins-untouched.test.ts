import { describe, expect, it } from 'vitest'
import { maskPins, pinsFor } from '@/lib/access-codes/mask-pins'
import { MASKED_PIN } from '@/lib/shared/masked-pin'

// Masking takes PINs out of what a member sees and changes nothing else: no field added, no other `code` touched
// (mask-pins.test.ts checks that every PIN goes).

describe('maskPins leaves what is not a PIN alone', () => {
  it('an answer without PINs comes back as it was', () => {
    const body = {
      device: { device_id: 'd', display_name: 'Front door', properties: { code_constraints: [] } },
      issue: { kind: 'error', code: 'device_offline' },
      waiting: { access_code_id: 'w', code: '' },
      form: { defaultValues: { name: 'Guest', code: '' } },
      entry: { lock_holds: 'nothing' },
      list: [{ name: 'Cleaner' }, 3, null, 'PIN of the cleaner'],
    }
    expect(maskPins(body)).toEqual(body)
    expect(Object.keys(maskPins(body).device)).toEqual(Object.keys(body.device))
  })

  it('a headline alone is not an explanation: its words are left as they are', () => {
    const body = { headline: 'PIN 4821 is the door code', note: 'PIN 4821' }
    expect(maskPins(body)).toEqual(body)
    const explanation = { headline: 'PIN 4821 opens the door', sentences: [] }
    expect(maskPins(explanation).headline).toBe(`PIN ${MASKED_PIN} opens the door`)
  })

  it('an explanation keeps its words and its lock entry’s other fields; only the PINs change', () => {
    const masked = maskPins({
      headline: 'Yes: PIN 4821 opens Front door now.',
      sentences: [{ text: 'The keypad holds PIN 1357 for it, not 4821.' }],
      lock_holds: { source: 'lock', code: '1357' },
    })
    expect(masked).toEqual({
      headline: `Yes: PIN ${MASKED_PIN} opens Front door now.`,
      sentences: [{ text: `The keypad holds PIN ${MASKED_PIN} for it, not ${MASKED_PIN}.` }],
      lock_holds: { source: 'lock', code: MASKED_PIN },
    })
  })

  it('a lock entry without a PIN, and a form without one, are not given one', () => {
    const body = {
      headline: 'Nothing on the keypad',
      sentences: [],
      lock_holds: { source: 'lock' },
      defaultValues: { name: 'Guest' },
    }
    expect(maskPins(body)).toEqual(body)
  })

  it('admins see the data as it is; members see it masked', () => {
    const data = { access_code: { access_code_id: 'a', code: '4821' } }
    expect(pinsFor('admin', data)).toBe(data)
    expect(pinsFor('member', data)).toEqual({ access_code: { access_code_id: 'a', code: MASKED_PIN } })
  })
})
