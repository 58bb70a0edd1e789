import { describe, expect, it } from 'vitest'
import {
  changesUnderway,
  countByStatus,
  DEFAULT_SORT,
  filterCodes,
  isFiltered,
  isOnOfflineLock,
  matchesSearch,
  nextSort,
  NO_FILTERS,
  paginate,
  rangeLabel,
  scheduleTiming,
  slotsInUse,
  sortCodes,
  statusGroup,
  viewCodes,
  type TableCode,
} from '@/lib/client/codes-table-model'

let nextId = 0
function code(overrides: Partial<TableCode> = {}): TableCode {
  nextId += 1
  return {
    access_code_id: `id-${String(nextId).padStart(4, '0')}`,
    name: `Code ${nextId}`,
    code: '1234',
    type: 'ongoing',
    starts_at: null,
    ends_at: null,
    status: 'set',
    errors: [],
    warnings: [],
    ...overrides,
  }
}

const issue = (error_code: string) => ({ error_code, message: 'x', created_at: '2025-01-01T00:00:00Z' })
const warning = (warning_code: string) => ({ warning_code, message: 'x', created_at: '2025-01-01T00:00:00Z' })
const names = (codes: readonly TableCode[]): (string | null)[] => codes.map((c) => c.name)

describe('statusGroup', () => {
  it('is the lifecycle status when there are no errors', () => {
    expect(statusGroup(code({ status: 'setting' }))).toBe('setting')
    expect(statusGroup(code({ status: 'unset' }))).toBe('unset')
  })
  it('is error as soon as the code has an error, whatever the lifecycle says', () => {
    expect(statusGroup(code({ status: 'set', errors: [issue('code_modified_external_to_seam')] }))).toBe('error')
    expect(statusGroup(code({ status: 'setting', errors: [issue('failed_to_set_on_device')] }))).toBe('error')
  })
  it('is not error for warnings alone', () => {
    expect(statusGroup(code({ status: 'set', warnings: [warning('delay_in_setting_on_device')] }))).toBe('set')
  })
})

describe('isOnOfflineLock', () => {
  it('is a set code whose only errors say the lock is offline: the PIN still opens the door', () => {
    expect(isOnOfflineLock(code({ status: 'set', errors: [issue('device_offline')] }))).toBe(true)
  })
  it('is not a code that is not on the lock, has no error, or has another error too', () => {
    expect(isOnOfflineLock(code({ status: 'setting', errors: [issue('device_offline')] }))).toBe(false)
    expect(isOnOfflineLock(code({ status: 'set' }))).toBe(false)
    expect(
      isOnOfflineLock(
        code({ status: 'set', errors: [issue('device_offline'), issue('code_modified_external_to_seam')] }),
      ),
    ).toBe(false)
  })
})

describe('matchesSearch', () => {
  const smith = code({ name: 'Guest – Smith', code: '482913' })
  it('matches everything when the search is blank', () => {
    expect(matchesSearch(smith, '   ')).toBe(true)
  })
  it('matches part of the name, ignoring case', () => {
    expect(matchesSearch(smith, 'smi')).toBe(true)
    expect(matchesSearch(smith, 'GUEST')).toBe(true)
    expect(matchesSearch(smith, 'jones')).toBe(false)
  })
  it('matches part of the PIN when the search is digits, as people type them', () => {
    expect(matchesSearch(smith, '2913')).toBe(true)
    expect(matchesSearch(smith, '482-913')).toBe(true)
    expect(matchesSearch(smith, '48 29')).toBe(true)
    expect(matchesSearch(smith, '9999')).toBe(false)
  })
  it('does not match a PIN against a search that mixes letters and digits', () => {
    expect(matchesSearch(code({ name: 'Cleaner', code: '4829' }), 'a4829')).toBe(false)
  })
  it('finds unnamed codes by their shown name and copes with a code without a PIN', () => {
    expect(matchesSearch(code({ name: null, code: null }), 'unnamed')).toBe(true)
    expect(matchesSearch(code({ name: 'Owner', code: null }), '12')).toBe(false)
  })
  it('finds a name made of digits', () => {
    expect(matchesSearch(code({ name: 'Room 12', code: '9999' }), '12')).toBe(true)
  })
})

describe('filterCodes', () => {
  const set = code({ name: 'set', status: 'set' })
  const setting = code({
    name: 'setting',
    status: 'setting',
    type: 'time_bound',
    starts_at: '2025-01-01T00:00:00Z',
    ends_at: '2025-01-02T00:00:00Z',
  })
  const broken = code({ name: 'broken', status: 'setting', errors: [issue('no_space_for_access_code_on_device')] })
  const warned = code({
    name: 'warned',
    status: 'set',
    type: 'time_bound',
    warnings: [warning('delay_in_setting_on_device')],
  })
  const all = [set, setting, broken, warned]

  it('keeps everything without filters', () => {
    expect(filterCodes(all, NO_FILTERS)).toEqual(all)
  })
  it('filters by the status the table shows, so an errored code is only under error', () => {
    expect(names(filterCodes(all, { ...NO_FILTERS, status: 'setting' }))).toEqual(['setting'])
    expect(names(filterCodes(all, { ...NO_FILTERS, status: 'error' }))).toEqual(['broken'])
    expect(names(filterCodes(all, { ...NO_FILTERS, status: 'set' }))).toEqual(['set', 'warned'])
  })
  it('filters by type', () => {
    expect(names(filterCodes(all, { ...NO_FILTERS, type: 'time_bound' }))).toEqual(['setting', 'warned'])
    expect(names(filterCodes(all, { ...NO_FILTERS, type: 'ongoing' }))).toEqual(['set', 'broken'])
  })
  it('keeps codes with errors or warnings when "has problems" is on', () => {
    expect(names(filterCodes(all, { ...NO_FILTERS, hasProblems: true }))).toEqual(['broken', 'warned'])
  })
  it('combines every filter', () => {
    expect(names(filterCodes(all, { search: 'w', status: 'set', type: 'time_bound', hasProblems: true }))).toEqual([
      'warned',
    ])
    expect(filterCodes(all, { search: 'w', status: 'set', type: 'ongoing', hasProblems: true })).toEqual([])
  })
  it('does not change the list it was given', () => {
    const copy = [...all]
    filterCodes(all, { ...NO_FILTERS, status: 'set' })
    expect(all).toEqual(copy)
  })
})

describe('isFiltered', () => {
  it('is false only when nothing narrows the list', () => {
    expect(isFiltered(NO_FILTERS)).toBe(false)
    expect(isFiltered({ ...NO_FILTERS, search: '  ' })).toBe(false)
    expect(isFiltered({ ...NO_FILTERS, search: 'x' })).toBe(true)
    expect(isFiltered({ ...NO_FILTERS, hasProblems: true })).toBe(true)
    expect(isFiltered({ ...NO_FILTERS, type: 'ongoing' })).toBe(true)
    expect(isFiltered({ ...NO_FILTERS, status: 'set' })).toBe(true)
  })
})

describe('sortCodes', () => {
  it('sorts names as people read them: case-insensitive, numbers by value, unnamed among the U', () => {
    const codes = [
      code({ name: 'guest 10' }),
      code({ name: 'Guest 2' }),
      code({ name: null }),
      code({ name: 'Alpha' }),
      code({ name: 'Zed' }),
    ]
    expect(names(sortCodes(codes, { key: 'name', direction: 'ascending' }))).toEqual([
      'Alpha',
      'Guest 2',
      'guest 10',
      null,
      'Zed',
    ])
    expect(names(sortCodes(codes, { key: 'name', direction: 'descending' }))).toEqual([
      'Zed',
      null,
      'guest 10',
      'Guest 2',
      'Alpha',
    ])
  })
  it('sorts by status with what needs attention first, then by name', () => {
    const codes = [
      code({ name: 'b-set', status: 'set' }),
      code({ name: 'unset', status: 'unset' }),
      code({ name: 'a-set', status: 'set' }),
      code({ name: 'setting', status: 'setting' }),
      code({ name: 'unknown', status: 'unknown' }),
      code({ name: 'error', status: 'set', errors: [issue('code_modified_external_to_seam')] }),
    ]
    expect(names(sortCodes(codes, { key: 'status', direction: 'ascending' }))).toEqual([
      'error',
      'unknown',
      'setting',
      'unset',
      'a-set',
      'b-set',
    ])
    // Descending flips the status order but ties still read A→Z.
    expect(names(sortCodes(codes, { key: 'status', direction: 'descending' }))).toEqual([
      'a-set',
      'b-set',
      'unset',
      'setting',
      'unknown',
      'error',
    ])
  })
  it('sorts by start with ongoing codes first (they have always started)', () => {
    const codes = [
      code({ name: 'later', type: 'time_bound', starts_at: '2025-03-02T15:00:00Z', ends_at: '2025-03-05T11:00:00Z' }),
      code({ name: 'ongoing', type: 'ongoing' }),
      code({ name: 'sooner', type: 'time_bound', starts_at: '2025-03-01T15:00:00Z', ends_at: '2025-03-05T11:00:00Z' }),
    ]
    expect(names(sortCodes(codes, { key: 'starts_at', direction: 'ascending' }))).toEqual([
      'ongoing',
      'sooner',
      'later',
    ])
    expect(names(sortCodes(codes, { key: 'starts_at', direction: 'descending' }))).toEqual([
      'later',
      'sooner',
      'ongoing',
    ])
  })
  it('compares instants, not strings, so offsets order correctly', () => {
    const codes = [
      code({ name: 'utc-15', type: 'time_bound', starts_at: '2025-03-01T15:00:00Z', ends_at: '2025-03-05T00:00:00Z' }),
      code({
        name: 'utc-14',
        type: 'time_bound',
        starts_at: '2025-03-01T16:00:00+02:00',
        ends_at: '2025-03-05T00:00:00Z',
      }),
    ]
    expect(names(sortCodes(codes, { key: 'starts_at', direction: 'ascending' }))).toEqual(['utc-14', 'utc-15'])
  })
  it('breaks a full tie by id, so the order is stable whatever order the list came in', () => {
    const a = code({ name: 'Same', access_code_id: 'a' })
    const b = code({ name: 'Same', access_code_id: 'b' })
    expect(sortCodes([b, a], DEFAULT_SORT)).toEqual([a, b])
    expect(sortCodes([a, b], DEFAULT_SORT)).toEqual([a, b])
  })
  it('returns a new array', () => {
    const codes = [code({ name: 'b' }), code({ name: 'a' })]
    const sorted = sortCodes(codes, DEFAULT_SORT)
    expect(sorted).not.toBe(codes)
    expect(names(codes)).toEqual(['b', 'a'])
  })
})

describe('nextSort', () => {
  it('flips the direction of the column already sorted', () => {
    expect(nextSort({ key: 'name', direction: 'ascending' }, 'name')).toEqual({ key: 'name', direction: 'descending' })
    expect(nextSort({ key: 'name', direction: 'descending' }, 'name')).toEqual({ key: 'name', direction: 'ascending' })
  })
  it('sorts a new column ascending', () => {
    expect(nextSort({ key: 'name', direction: 'descending' }, 'status')).toEqual({
      key: 'status',
      direction: 'ascending',
    })
  })
})

describe('paginate', () => {
  const rows = Array.from({ length: 1_000 }, (_, i) => i + 1)

  it('cuts the first page', () => {
    const slice = paginate(rows, 1, 50)
    expect(slice.rows).toHaveLength(50)
    expect(slice.rows[0]).toBe(1)
    expect(slice).toMatchObject({ page: 1, pageCount: 20, total: 1_000, from: 1, to: 50 })
  })
  it('cuts the last, partial page', () => {
    const slice = paginate(rows.slice(0, 120), 3, 50)
    expect(slice.rows).toEqual(rows.slice(100, 120))
    expect(slice).toMatchObject({ page: 3, pageCount: 3, from: 101, to: 120 })
  })
  it('clamps a page past the end to the last page (e.g. after a filter shrinks the list)', () => {
    expect(paginate(rows.slice(0, 60), 7, 50)).toMatchObject({ page: 2, from: 51, to: 60 })
  })
  it('clamps a page before the start, and nonsense, to page 1', () => {
    expect(paginate(rows, 0, 50).page).toBe(1)
    expect(paginate(rows, -3, 50).page).toBe(1)
    expect(paginate(rows, Number.NaN, 50).page).toBe(1)
  })
  it('has one empty page when there is nothing', () => {
    expect(paginate([], 1, 50)).toEqual({ rows: [], page: 1, pageCount: 1, total: 0, from: 0, to: 0 })
  })
  it('has exactly one page when the rows fill it', () => {
    expect(paginate(rows.slice(0, 50), 2, 50)).toMatchObject({ page: 1, pageCount: 1, to: 50 })
  })
})

describe('rangeLabel', () => {
  it('says what is shown with thousands separated', () => {
    expect(rangeLabel({ from: 1, to: 50, total: 1_000 })).toBe('Showing 1–50 of 1,000 codes')
    expect(rangeLabel({ from: 1, to: 1, total: 1 })).toBe('Showing 1–1 of 1 code')
    expect(rangeLabel({ from: 0, to: 0, total: 0 })).toBe('No codes to show')
  })
})

describe('viewCodes', () => {
  it('filters, then sorts, then paginates', () => {
    const codes = Array.from({ length: 120 }, (_, i) =>
      code({ name: `Guest ${i + 1}`, status: i % 2 === 0 ? 'set' : 'setting' }),
    )
    const view = viewCodes(codes, { ...NO_FILTERS, status: 'set' }, { key: 'name', direction: 'descending' }, 2, 50)
    expect(view.total).toBe(60)
    expect(view.rows).toHaveLength(10)
    expect(view.rows[0]?.name).toBe('Guest 19')
    expect(view.rows.at(-1)?.name).toBe('Guest 1')
  })
  it('stays fast with 1,000 codes', () => {
    const codes = Array.from({ length: 1_000 }, (_, i) =>
      code({
        name: `Guest ${i}`,
        code: String(100000 + i),
        type: i % 3 === 0 ? 'ongoing' : 'time_bound',
        starts_at: new Date(Date.UTC(2025, 0, 1 + (i % 90))).toISOString(),
      }),
    )
    const started = performance.now()
    for (let i = 0; i < 20; i++)
      viewCodes(codes, { ...NO_FILTERS, search: String(i) }, { key: 'starts_at', direction: 'ascending' }, 1)
    expect((performance.now() - started) / 20).toBeLessThan(50)
  })
})

describe('countByStatus', () => {
  it('counts each shown status', () => {
    const counts = countByStatus([
      code({ status: 'set' }),
      code({ status: 'set' }),
      code({ status: 'setting', errors: [issue('x')] }),
      code({ status: 'unset' }),
    ])
    expect(counts).toEqual({ error: 1, unknown: 0, setting: 0, removing: 0, unset: 1, set: 2 })
  })
})

describe('scheduleTiming', () => {
  const stay = { type: 'time_bound' as const, starts_at: '2025-03-01T15:00:00Z', ends_at: '2025-03-05T11:00:00Z' }
  it('is always for an ongoing code', () => {
    expect(
      scheduleTiming({ type: 'ongoing', starts_at: null, ends_at: null }, Date.parse('2025-03-02T00:00:00Z')),
    ).toBe('always')
  })
  it('is upcoming before the start, active from the start, ended from the end', () => {
    expect(scheduleTiming(stay, Date.parse('2025-03-01T14:59:59Z'))).toBe('upcoming')
    expect(scheduleTiming(stay, Date.parse('2025-03-01T15:00:00Z'))).toBe('active')
    expect(scheduleTiming(stay, Date.parse('2025-03-05T10:59:59Z'))).toBe('active')
    expect(scheduleTiming(stay, Date.parse('2025-03-05T11:00:00Z'))).toBe('ended')
  })
})

describe('slotsInUse', () => {
  it('counts codes on or going onto the keypad and removals not yet finished', () => {
    const codes = [
      code({ status: 'set' }),
      code({ status: 'setting' }),
      code({ status: 'unknown' }),
      code({ status: 'unset' }),
      code({ status: 'unset', is_scheduled_on_device: true }),
    ]
    expect(slotsInUse(codes, [code({ status: 'removing' })])).toBe(5)
    expect(slotsInUse([], [])).toBe(0)
  })
  it('does not count a code that failed to go on, as on a full lock', () => {
    const full = code({ status: 'setting', errors: [issue('no_space_for_access_code_on_device')] })
    expect(slotsInUse([code({ status: 'set' }), full], [])).toBe(1)
  })
  it('still counts a set code with an error: it is on the keypad', () => {
    expect(slotsInUse([code({ status: 'set', errors: [issue('code_modified_external_to_seam')] })], [])).toBe(1)
  })
})

describe('changesUnderway', () => {
  it('counts setting and removing codes and pending removals without errors', () => {
    const codes = [
      code({ status: 'setting' }),
      code({ status: 'removing' }),
      code({ status: 'set' }),
      code({ status: 'unset' }),
      code({ status: 'setting', errors: [issue('device_offline')] }),
    ]
    expect(
      changesUnderway(codes, [
        code({ status: 'removing' }),
        code({ status: 'removing', errors: [issue('failed_to_remove_from_device')] }),
      ]),
    ).toBe(3)
  })
})
