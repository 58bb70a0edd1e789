import { describe, expect, it } from 'vitest'
import {
  filterProperties,
  isFiltered,
  lockFiltersOf,
  matchesLockFilters,
  NO_LOCK_FILTERS,
  PREVIEW_LOCKS,
  previewCount,
  queryOf,
  type LockFilters,
} from '@/lib/client/lock-filters-model'
import type { LockOverview, PropertyOverview } from '@/lib/shared/workspace-overview'

function lock(name: string, over: Partial<LockOverview> = {}): LockOverview {
  return {
    deviceId: `id-${name}`,
    propertyId: 'lodge',
    name,
    manufacturer: 'August',
    modelName: 'Wi-Fi Smart Lock',
    online: true,
    accountConnected: true,
    battery: { level: 0.8, status: 'full' },
    codeCount: 1,
    problemCodeCount: 0,
    inProgressCount: 0,
    topProblems: [],
    distinctProblemCount: 0,
    attention: null,
    ...over,
  }
}

const problem = { severity: 'critical' as const, title: 'Lock is offline', count: 1 }
const offline = lock('Back door', { online: false, attention: problem })
const disconnected = lock('Garage', { accountConnected: false, attention: problem })
const lowBattery = lock('Unit 2A', {
  battery: { level: 0.12, status: 'low' },
  attention: { ...problem, severity: 'problem' },
})
const fine = lock('Unit 2B')
const cabin = lock('Cabin front door', { propertyId: 'cabin' })

const properties: PropertyOverview[] = [
  { propertyId: 'lodge', name: 'Lodge', timezone: 'America/Denver', locks: [offline, disconnected, lowBattery, fine] },
  { propertyId: 'cabin', name: 'Cabin', timezone: 'Europe/Lisbon', locks: [cabin] },
  { propertyId: 'lot', name: 'Empty lot', timezone: 'Asia/Tokyo', locks: [] },
]

const withFilters = (over: Partial<LockFilters>): LockFilters => ({ ...NO_LOCK_FILTERS, ...over })
const names = (shown: PropertyOverview[]): string[][] => shown.map((p) => [p.name, ...p.locks.map((l) => l.name)])

describe('matchesLockFilters', () => {
  it('matches any part of the name, ignoring case and surrounding spaces', () => {
    expect(matchesLockFilters(lowBattery, withFilters({ name: ' unit 2' }))).toBe(true)
    expect(matchesLockFilters(fine, withFilters({ name: 'UNIT 2B' }))).toBe(true)
    expect(matchesLockFilters(fine, withFilters({ name: 'unit 3' }))).toBe(false)
  })

  it('takes offline to mean not reachable: offline, or its account disconnected', () => {
    const state = withFilters({ state: 'offline' })
    expect([offline, disconnected, lowBattery, fine].map((l) => matchesLockFilters(l, state))).toEqual([
      true,
      true,
      false,
      false,
    ])
  })

  it('matches low batteries and locks with problems in the queue', () => {
    expect(matchesLockFilters(lowBattery, withFilters({ state: 'low_battery' }))).toBe(true)
    expect(matchesLockFilters(offline, withFilters({ state: 'low_battery' }))).toBe(false)
    expect(matchesLockFilters(lock('No battery', { battery: null }), withFilters({ state: 'low_battery' }))).toBe(false)
    expect(matchesLockFilters(lowBattery, withFilters({ state: 'problems' }))).toBe(true)
    expect(matchesLockFilters(fine, withFilters({ state: 'problems' }))).toBe(false)
  })

  it('needs every filter to match', () => {
    expect(matchesLockFilters(offline, withFilters({ name: 'back', state: 'offline', propertyId: 'lodge' }))).toBe(true)
    expect(matchesLockFilters(offline, withFilters({ name: 'back', state: 'offline', propertyId: 'cabin' }))).toBe(
      false,
    )
    expect(matchesLockFilters(offline, withFilters({ name: 'front', state: 'offline' }))).toBe(false)
  })
})

describe('filterProperties', () => {
  it('shows every property, empty ones too, when nothing is filtered', () => {
    expect(names(filterProperties(properties, NO_LOCK_FILTERS))).toEqual([
      ['Lodge', 'Back door', 'Garage', 'Unit 2A', 'Unit 2B'],
      ['Cabin', 'Cabin front door'],
      ['Empty lot'],
    ])
  })

  it('keeps only the properties with a match, each with its matching locks in the order given', () => {
    expect(names(filterProperties(properties, withFilters({ name: 'door' })))).toEqual([
      ['Lodge', 'Back door'],
      ['Cabin', 'Cabin front door'],
    ])
    expect(names(filterProperties(properties, withFilters({ state: 'problems' })))).toEqual([
      ['Lodge', 'Back door', 'Garage', 'Unit 2A'],
    ])
    expect(names(filterProperties(properties, withFilters({ propertyId: 'cabin' })))).toEqual([
      ['Cabin', 'Cabin front door'],
    ])
    expect(filterProperties(properties, withFilters({ name: 'nothing like it' }))).toEqual([])
  })
})

describe('the address', () => {
  const params = (query: string) => new URLSearchParams(query)

  it('reads the filters, leaving out a property of another workspace or an unknown state', () => {
    expect(lockFiltersOf(params('lock=Unit&property=cabin&state=offline'), ['lodge', 'cabin'])).toEqual({
      name: 'Unit',
      propertyId: 'cabin',
      state: 'offline',
    })
    expect(lockFiltersOf(params('property=elsewhere&state=broken'), ['lodge'])).toEqual(NO_LOCK_FILTERS)
  })

  it('writes only the filters set, and reads back what it wrote', () => {
    expect(queryOf(NO_LOCK_FILTERS)).toBe('')
    expect(queryOf(withFilters({ name: '  ' }))).toBe('')
    const filters = withFilters({ name: 'Unit 2&3', propertyId: 'lodge', state: 'low_battery' })
    const query = queryOf(filters)
    expect(query).toBe('?lock=Unit+2%263&property=lodge&state=low_battery')
    expect(lockFiltersOf(params(query.slice(1)), ['lodge'])).toEqual(filters)
  })

  it('says whether anything is filtered', () => {
    expect(isFiltered(NO_LOCK_FILTERS)).toBe(false)
    expect(isFiltered(withFilters({ name: ' ' }))).toBe(false)
    expect(isFiltered(withFilters({ state: 'offline' }))).toBe(true)
    expect(isFiltered(withFilters({ propertyId: 'lodge' }))).toBe(true)
  })
})

describe('previewCount', () => {
  it('shows the first few locks, or every lock with problems when there are more of them', () => {
    const many = Array.from({ length: 400 }, (_, i) => lock(`Unit ${i}`))
    expect(previewCount(many)).toBe(PREVIEW_LOCKS)
    const troubled = many.map((l, i) => (i < 30 ? { ...l, attention: problem } : l))
    expect(previewCount(troubled)).toBe(30)
    expect(previewCount(many.slice(0, 3))).toBe(PREVIEW_LOCKS)
  })
})
