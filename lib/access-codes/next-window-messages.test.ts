import { describe, expect, it } from 'vitest'
import { DomainError } from '@/lib/errors/domain-error'
import { nextWindow } from '@/lib/access-codes/update-access-code'

// What the form shows under the field when an update's window does not hold together (update-access-code.test.ts
// checks which field is named; this checks what it says).

const ongoing = { type: 'ongoing', starts_at: null, ends_at: null } as const
const stay = { type: 'time_bound', starts_at: '2030-05-01T15:00:00.000Z', ends_at: '2030-05-04T11:00:00.000Z' } as const

function fieldErrors(run: () => unknown): Record<string, string[]> {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError)
    return (error as DomainError).fieldErrors
  }
  throw new Error('expected nextWindow to throw')
}

describe('nextWindow messages', () => {
  it('a missing bound on an ongoing code', () => {
    expect(fieldErrors(() => nextWindow(ongoing, { ends_at: stay.ends_at }))).toEqual({
      starts_at: ['is required to make this ongoing code time-bound'],
    })
  })

  it('a start moved past the kept end names that end', () => {
    expect(fieldErrors(() => nextWindow(stay, { starts_at: '2030-05-05T00:00:00.000Z' }))).toEqual({
      starts_at: [`must be before the code's ends_at (${stay.ends_at})`],
    })
  })

  it('an end moved before the kept start names that start', () => {
    expect(fieldErrors(() => nextWindow(stay, { ends_at: '2030-04-30T00:00:00.000Z' }))).toEqual({
      ends_at: [`must be after the code's starts_at (${stay.starts_at})`],
    })
  })

  it('both bounds given the wrong way round', () => {
    expect(
      fieldErrors(() =>
        nextWindow(stay, { starts_at: '2030-05-06T00:00:00.000Z', ends_at: '2030-05-05T00:00:00.000Z' }),
      ),
    ).toEqual({ ends_at: ['must be after starts_at'] })
  })
})
