import { describe, expect, it } from 'vitest'
import { ACTIVITY_PAGE_SIZE } from '@/lib/events/activity'
import { MAX_LIST_OFFSET } from '@/lib/schemas/common'
import {
  activityAddressProblem,
  activityQueryString,
  isFiltered,
  MAX_ACTIVITY_PAGE,
  readActivityAddress,
} from '@/lib/shared/activity'

const read = (query: string) => {
  const params = new URLSearchParams(query)
  return readActivityAddress((key) => params.get(key))
}

describe('the activity page’s address', () => {
  it('reads the filters it knows, trimmed, and leaves out empty ones and anything else', () => {
    expect(read('property_id=p&device_id=%20d%20&type=door&from=2026-03-01T00:00&to=&utm=x')).toEqual({
      property_id: 'p',
      device_id: 'd',
      type: 'door',
      from: '2026-03-01T00:00',
    })
  })

  it('reads a page from 2 on, whole numbers only, and caps it', () => {
    expect(read('page=3').page).toBe(3)
    for (const page of ['1', '0', '-2', '2.5', 'two', '']) expect(read(`page=${page}`).page).toBeUndefined()
    expect(read('page=1e300').page).toBeUndefined()
    // The API's largest offset (100,000) in pages of 50.
    expect(read('page=9007199254740991').page).toBe(MAX_ACTIVITY_PAGE)
    expect((MAX_ACTIVITY_PAGE - 1) * ACTIVITY_PAGE_SIZE).toBeLessThanOrEqual(MAX_LIST_OFFSET)
  })

  it('leaves out a filter longer than 200 characters, and says so', () => {
    const problem = (query: string) => {
      const params = new URLSearchParams(query)
      return activityAddressProblem((key) => params.get(key))
    }
    const long = 'x'.repeat(201)
    expect(read(`type=${long}&device_id=d`)).toEqual({ device_id: 'd' })
    expect(problem(`type=${long}`)).toBe('type: must be at most 200 characters.')
    expect(problem(`type=${'x'.repeat(200)}&page=${MAX_ACTIVITY_PAGE}`)).toBeNull()
    expect(problem(`page=${MAX_ACTIVITY_PAGE + 1}`)).toMatch(/^The list goes back 2,000 pages/)
  })

  it('writes the same address back, without page 1', () => {
    const query =
      'property_id=p&device_id=d&access_code_id=c&type=codes&from=2026-03-01T00%3A00&to=2026-03-02T00%3A00&page=2'
    expect(activityQueryString(read(query))).toBe(query)
    expect(activityQueryString({ type: 'door', page: 1 })).toBe('type=door')
    expect(activityQueryString({})).toBe('')
    expect(isFiltered({})).toBe(false)
    expect(isFiltered({ type: 'door' })).toBe(true)
  })
})
