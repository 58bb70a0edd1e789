import { describe, expect, it } from 'vitest'
import { errorForLog } from '@/lib/db/errors'

describe('errorForLog', () => {
  it('leaves out the row PostgreSQL quotes in a unique violation, keeping the constraint and the stack', () => {
    // What pg's DatabaseError carries for a second code with the same PIN on a lock.
    const error = Object.assign(new Error('duplicate key value violates unique constraint "access_codes_live_pin"'), {
      name: 'error',
      code: '23505',
      detail: 'Key (device_id, code)=(0190c3b2-0000-7000-8000-000000000001, 482193) already exists.',
      constraint: 'access_codes_live_pin',
      table: 'access_codes',
    })
    const line = errorForLog(error)
    expect(line).not.toContain('482193')
    expect(line).toContain('constraint=access_codes_live_pin')
    expect(line).toContain('code=23505')
    expect(line).toMatch(/\n\s+at /)
  })

  it('redacts PIN-like digits a message quotes, in causes too', () => {
    const cause = new Error('invalid input syntax for type integer: "4821"')
    const line = errorForLog(new Error('write failed for 73919', { cause }))
    expect(line).not.toMatch(/4821|73919/)
    expect(line).toContain('caused by Error: invalid input syntax')
  })
})
