import { describe, expect, it } from 'vitest'
import { maskPins, maskSerialized, seesPins } from '@/lib/access-codes/mask-pins'
import { MASKED_PIN } from '@/lib/shared/masked-pin'

describe('maskPins', () => {
  it('masks the PIN of access codes, events, stays and door plans, and leaves other `code`s alone', () => {
    const masked = maskPins({
      access_code: { access_code_id: 'a', code: '4821', errors: [{ error_code: 'x' }] },
      event: { event_id: 'e', event_type: 'access_code.set_on_device', code: '4821' },
      stay: { stay_id: 's', code: '4821', access_codes: [{ access_code_id: 'b', code: '4821' }] },
      plan: { doors: [{ device_id: 'd', action: 'create', code: '4821' }] },
      sentence: { issue: { kind: 'error', code: 'device_offline' } },
      waiting: { access_code_id: 'w', code: null },
    })
    expect(JSON.stringify(masked)).not.toContain('4821')
    expect(masked.sentence.issue.code).toBe('device_offline')
    expect(masked.waiting.code).toBeNull()
    expect(masked.stay.access_codes[0]?.code).toBe(MASKED_PIN)
  })

  it('masks an explanation’s words and lock entry, and an edit form’s values', () => {
    const masked = maskPins({
      explanation: {
        headline: 'Yes: PIN 4821 opens Front door now.',
        sentences: [{ text: 'The keypad holds PIN 1357 for it, not 4821.', issue: null }],
        lock_holds: { source: 'lock', code: '1357' },
      },
      defaultValues: { name: 'Guest', code: '4821' },
    })
    expect(JSON.stringify(masked)).not.toMatch(/4821|1357/)
    expect(masked.explanation.headline).toBe(`Yes: PIN ${MASKED_PIN} opens Front door now.`)
    expect(masked.defaultValues.code).toBe(MASKED_PIN)
  })

  it('does not change what it is given', () => {
    const original = { access_code_id: 'a', code: '4821' }
    maskPins(original)
    expect(original.code).toBe('4821')
  })

  it('masks a serialized list under an ETag of its own', () => {
    const body = Buffer.from(JSON.stringify({ access_codes: [{ access_code_id: 'a', code: '4821' }], ok: true }))
    const masked = maskSerialized({ kind: 'serialized', body, etag: '"abc"' })
    expect(masked.body.toString()).not.toContain('4821')
    expect(masked.etag).toBe('"masked-abc"')
  })
})

describe('seesPins', () => {
  it('is true for API keys and admins, false for members', () => {
    expect(seesPins({ via: 'api_key' })).toBe(true)
    expect(seesPins({ via: 'session', role: 'admin' })).toBe(true)
    expect(seesPins({ via: 'session', role: 'member' })).toBe(false)
    expect(seesPins({ via: 'session' })).toBe(false)
  })
})
