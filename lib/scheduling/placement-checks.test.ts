import { describe, expect, it } from 'vitest'
import type { DeviceRecord } from '@/lib/db/device-record'
import { MAX_ACCESS_CODES_PER_DEVICE } from '@/lib/schemas/access-code'
import { occupancy, type BookedCode, type LockBook } from '@/lib/scheduling/lock-book'
import {
  checkPlacement,
  peakSlotsInUse,
  pickSharedPin,
  reservePlacement,
  type Placement,
} from '@/lib/scheduling/placement-checks'

const NOW = new Date('2026-06-01T12:00:00Z')
const hoursFromNow = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString()

function lock(overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    deviceId: 'lock-a',
    workspaceId: 'ws',
    propertyId: 'prop',
    propertyName: 'Harbor View',
    timezone: 'Europe/Lisbon',
    connectedAccountId: 'acct',
    accountConnected: true,
    provider: 'schlage',
    deviceType: 'schlage_lock',
    displayName: 'Unit 4 door',
    manufacturer: 'schlage',
    modelName: 'Encode',
    isSandbox: true,
    online: true,
    batteryLevel: 0.9,
    supportedCodeLengths: [4, 5, 6, 7, 8],
    maxActiveCodes: 3,
    codeConstraints: [],
    supportsBackupPool: false,
    backupPoolSize: 0,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: false,
    supportsNativeScheduling: false,
    accessCodesVersion: 1,
    reportedIssues: [],
    createdAt: NOW.toISOString(),
    removedAt: null,
    ...overrides,
  }
}

const booked = (device: DeviceRecord, code: string, startsIn: number | null, endsIn: number | null): BookedCode => ({
  accessCodeId: `code-${code}`,
  code,
  name: `Guest ${code}`,
  isManaged: true,
  ...occupancy(
    device,
    {
      startsAt: startsIn === null ? null : hoursFromNow(startsIn),
      endsAt: endsIn === null ? null : hoursFromNow(endsIn),
    },
    NOW.getTime(),
  ),
})

const bookOf = (...entries: [DeviceRecord, BookedCode[]][]): LockBook =>
  new Map(entries.map(([device, codes]) => [device.deviceId, { device, codes }]))

const stay = (code: string | null, startsIn: number, endsIn: number, extra: Partial<Placement> = {}): Placement => ({
  code,
  name: 'Ana Silva',
  startsAt: hoursFromNow(startsIn),
  endsAt: hoursFromNow(endsIn),
  ...extra,
})

const problemsOf = (book: LockBook, placement: Placement, deviceId = 'lock-a') =>
  checkPlacement(book, deviceId, placement, NOW).problems.map((p) => p.problem)

describe('peakSlotsInUse', () => {
  const d = lock()
  it('counts the busiest moment of the window, not every code that touches it', () => {
    // Two guests one after the other and one ongoing code: never more than two at once.
    const codes = [booked(d, '1111', 0, 24), booked(d, '2222', 24, 48), booked(d, '3333', null, null)]
    expect(peakSlotsInUse(codes, Date.parse(hoursFromNow(0)), Date.parse(hoursFromNow(48)))).toBe(2)
  })
  it('frees a slot at the instant a code ends for the next one to start', () => {
    const codes = [booked(d, '1111', 0, 24), booked(d, '2222', 24, 48)]
    expect(peakSlotsInUse(codes, Date.parse(hoursFromNow(10)), Date.parse(hoursFromNow(30)))).toBe(1)
  })
  it('ignores codes wholly outside the window', () => {
    const codes = [booked(d, '1111', 100, 120)]
    expect(peakSlotsInUse(codes, Date.parse(hoursFromNow(0)), Date.parse(hoursFromNow(24)))).toBe(0)
  })
})

describe('checkPlacement', () => {
  it('accepts a free PIN on a lock with room', () => {
    expect(problemsOf(bookOf([lock(), []]), stay('4827', 2, 50))).toEqual([])
  })

  it("names the lock's rule a PIN breaks", () => {
    const book = bookOf([lock({ codeConstraints: [{ constraint_type: 'no_zeros' }] }), []])
    const [found] = checkPlacement(book, 'lock-a', stay('4807', 2, 50), NOW).problems
    expect(found).toMatchObject({ problem: 'pin_not_allowed_on_lock', severity: 'error' })
    expect(found?.message).toContain('Unit 4 door')
  })

  it('refuses a PIN another code holds, naming the holder, unless the placement replaces that code', () => {
    const d = lock()
    const book = bookOf([d, [booked(d, '4827', null, null)]])
    expect(problemsOf(book, stay('4827', 2, 50))).toEqual(['pin_in_use_on_lock'])
    expect(problemsOf(book, stay('4827', 2, 50, { replacing: new Set(['code-4827']) }))).toEqual([])
  })

  it('counts slots over the window: full while three codes overlap it, free after they end', () => {
    const d = lock()
    const book = bookOf([d, [booked(d, '1111', 0, 24), booked(d, '2222', 0, 24), booked(d, '3333', null, null)]])
    expect(problemsOf(book, stay('4827', 2, 20))).toEqual(['no_free_slot'])
    expect(problemsOf(book, stay('4827', 24, 48))).toEqual([])
  })

  it('counts codes scheduled ahead on a lock that holds them from now (native scheduling)', () => {
    const d = lock({ supportsNativeScheduling: true, maxActiveCodes: 1 })
    const book = bookOf([d, [booked(d, '1111', 100, 120)]])
    expect(problemsOf(book, stay('4827', 2, 20))).toEqual(['no_free_slot'])
  })

  it('refuses a lock that already holds as many codes as Latchkey keeps on one lock', () => {
    const d = lock({ maxActiveCodes: 0 })
    const many = Array.from({ length: MAX_ACCESS_CODES_PER_DEVICE }, (_, i) => booked(d, String(100000 + i), 500, 600))
    expect(problemsOf(bookOf([d, many]), stay('4827', 2, 50))).toEqual(['too_many_codes_on_lock'])
    expect(problemsOf(bookOf([d, many.slice(1)]), stay('4827', 2, 50))).toEqual([])
  })

  it('warns about an offline lock and a disconnected account without refusing', () => {
    const offline = checkPlacement(bookOf([lock({ online: false }), []]), 'lock-a', stay('4827', 2, 50), NOW)
    expect(offline.problems).toMatchObject([{ problem: 'lock_offline', severity: 'warning' }])
    expect(problemsOf(bookOf([lock({ accountConnected: false }), []]), stay('4827', 2, 50))).toEqual([
      'account_disconnected',
    ])
  })

  it('refuses removed and unknown locks', () => {
    expect(problemsOf(bookOf([lock({ removedAt: NOW.toISOString() }), []]), stay('4827', 2, 50))).toEqual([
      'lock_removed',
    ])
    expect(problemsOf(bookOf(), stay('4827', 2, 50))).toEqual(['unknown_lock'])
  })

  it('flags a name longer than the lock keeps', () => {
    const book = bookOf([lock({ codeConstraints: [{ constraint_type: 'name_length', max_length: 5 }] }), []])
    expect(problemsOf(book, stay('4827', 2, 50))).toEqual(['name_too_long'])
  })

  it('says a lock that chooses its PINs gives the code one of its own', () => {
    const book = bookOf([lock({ codeConstraints: [{ constraint_type: 'cannot_specify_pin_code' }] }), []])
    expect(problemsOf(book, stay('4827', 2, 50))).toEqual(['lock_chooses_pin'])
  })

  it('refuses a window that has already ended, as /access_codes/create does', () => {
    expect(problemsOf(bookOf([lock(), []]), stay('4827', -48, -2))).toEqual(['code_kind_not_supported'])
  })
})

describe('a plan of many rows', () => {
  it('sees the PIN and the slot an earlier row reserved, and names that row', () => {
    const d = lock({ maxActiveCodes: 1 })
    const book = bookOf([d, []])
    reservePlacement(book, 'lock-a', stay('4827', 2, 50, { group: 'R-1' }), 'line 2', NOW)
    const { problems } = checkPlacement(book, 'lock-a', stay('4827', 10, 60, { group: 'R-2' }), NOW)
    expect(problems.map((p) => p.problem)).toEqual(['duplicate_pin_in_file', 'no_free_slot'])
    expect(problems[0]?.message).toContain('line 2')
    // The same group (the stay itself, planned again) does not clash with its own reservation.
    expect(problemsOf(book, stay('4827', 10, 60, { group: 'R-1' }))).toEqual([])
  })

  it('picks a PIN every lock accepts and none holds', () => {
    const a = lock({ supportedCodeLengths: [4, 6], codeConstraints: [{ constraint_type: 'no_zeros' }] })
    const b = lock({ deviceId: 'lock-b', supportedCodeLengths: [6] })
    const book = bookOf([a, []], [b, []])
    for (let i = 0; i < 20; i++) {
      const pin = pickSharedPin(book, ['lock-a', 'lock-b'], stay(null, 2, 50))
      expect(pin).toMatch(/^[1-9]{6}$/)
    }
    expect(
      pickSharedPin(
        bookOf([lock({ supportedCodeLengths: [4] }), []], [b, []]),
        ['lock-a', 'lock-b'],
        stay(null, 2, 50),
      ),
    ).toBeUndefined()
  })
})
