import { describe, expect, it } from 'vitest'
import { DomainError } from '@/lib/errors/domain-error'
import { nextWindow } from '@/lib/access-codes/update-access-code'

const ongoing = { type: 'ongoing', starts_at: null, ends_at: null } as const
const stay = { type: 'time_bound', starts_at: '2030-05-01T15:00:00.000Z', ends_at: '2030-05-04T11:00:00.000Z' } as const
const newStart = '2030-05-02T15:00:00.000Z'
const newEnd = '2030-05-06T11:00:00.000Z'

/** The invalid_input error nextWindow throws, with the fields it names. */
function invalidFields(run: () => unknown): string[] {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError)
    const domainError = error as DomainError
    expect(domainError.type).toBe('invalid_input')
    return Object.keys(domainError.fieldErrors).filter((key) => key !== '')
  }
  throw new Error('expected nextWindow to throw invalid_input')
}

describe('nextWindow', () => {
  it('type ongoing clears the times of a time-bound code', () => {
    expect(nextWindow(stay, { type: 'ongoing' })).toEqual(ongoing)
  })

  it('type ongoing keeps an ongoing code ongoing', () => {
    expect(nextWindow(ongoing, { type: 'ongoing' })).toEqual(ongoing)
  })

  it('both times make an ongoing code time-bound', () => {
    expect(nextWindow(ongoing, { starts_at: newStart, ends_at: newEnd })).toEqual({
      type: 'time_bound',
      starts_at: newStart,
      ends_at: newEnd,
    })
  })

  it('both times replace the window of a time-bound code', () => {
    expect(nextWindow(stay, { starts_at: newStart, ends_at: newEnd })).toEqual({
      type: 'time_bound',
      starts_at: newStart,
      ends_at: newEnd,
    })
  })

  it('nothing about time (a name-only update) keeps the type and the times', () => {
    expect(nextWindow(stay, {})).toEqual(stay)
    expect(nextWindow(ongoing, {})).toEqual(ongoing)
  })

  it('type time_bound without times keeps a time-bound code as it is', () => {
    expect(nextWindow(stay, { type: 'time_bound' })).toEqual(stay)
  })

  it('only ends_at moves the end of an existing window and keeps its start', () => {
    expect(nextWindow(stay, { ends_at: newEnd })).toEqual({
      type: 'time_bound',
      starts_at: stay.starts_at,
      ends_at: newEnd,
    })
  })

  it('only starts_at moves the start of an existing window and keeps its end', () => {
    expect(nextWindow(stay, { starts_at: newStart })).toEqual({
      type: 'time_bound',
      starts_at: newStart,
      ends_at: stay.ends_at,
    })
  })

  it('one bound on an ongoing code is invalid_input naming the missing bound', () => {
    expect(invalidFields(() => nextWindow(ongoing, { ends_at: newEnd }))).toEqual(['starts_at'])
    expect(invalidFields(() => nextWindow(ongoing, { starts_at: newStart }))).toEqual(['ends_at'])
  })

  it('type time_bound on an ongoing code without times is invalid_input', () => {
    expect(invalidFields(() => nextWindow(ongoing, { type: 'time_bound' }))).toEqual(['starts_at'])
  })

  it('a single bound that would put the end before the start is invalid_input on the bound that moved', () => {
    expect(invalidFields(() => nextWindow(stay, { starts_at: '2030-05-05T00:00:00.000Z' }))).toEqual(['starts_at'])
    expect(invalidFields(() => nextWindow(stay, { ends_at: '2030-04-30T00:00:00.000Z' }))).toEqual(['ends_at'])
    expect(invalidFields(() => nextWindow(stay, { ends_at: stay.starts_at }))).toEqual(['ends_at'])
  })
})
