import { describe, expect, it } from 'vitest'
import {
  addToWallClock,
  applyLabel,
  canApply,
  doorState,
  doorsAfter,
  doorsInFlight,
  inOtherZone,
  isChangeable,
  isStaysFiltered,
  leavingCodes,
  listStaysBody,
  planCounts,
  planSentence,
  shiftBody,
  shiftValuesOf,
  stayDoors,
  staysFilterOf,
  staysQueryString,
  type StayLock,
} from '@/lib/client/stays-model'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { LockProblem } from '@/lib/schemas/lock-check'
import type { StayPlan } from '@/lib/schemas/stay'

const LODGE = '11111111-1111-4111-8111-111111111111'
const CABIN = '22222222-2222-4222-8222-222222222222'
const FRONT = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
const POOL = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
const BOAT = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'

function code(deviceId: string, over: Partial<AccessCode> = {}): AccessCode {
  return {
    access_code_id: `code-${deviceId}`,
    workspace_id: 'w',
    device_id: deviceId,
    name: 'Guest – Smith',
    code: '4821',
    common_code_key: null,
    type: 'time_bound',
    starts_at: '2026-03-06T22:00:00.000Z',
    ends_at: '2026-03-08T18:00:00.000Z',
    status: 'set',
    created_at: '2026-03-01T00:00:00.000Z',
    errors: [],
    warnings: [],
    is_managed: true,
    is_backup_access_code_available: false,
    is_external_modification_allowed: false,
    is_offline_access_code: false,
    is_one_time_use: false,
    ...over,
  }
}

const lock = (deviceId: string, name: string, timezone = 'America/Denver'): StayLock => ({
  deviceId,
  name,
  propertyId: LODGE,
  propertyName: 'Aspen Ridge Lodge',
  timezone,
  online: true,
  removed: false,
})

const stay = {
  check_in: '2026-03-06T22:00:00.000Z',
  check_out: '2026-03-08T17:00:00.000Z',
  property_timezone: 'America/Denver',
}

const problem = (deviceId: string | null, severity: LockProblem['severity'], name = 'no_free_slot'): LockProblem => ({
  device_id: deviceId,
  problem: name,
  severity,
  message: `${name} here`,
})

function plan(actions: StayPlan['doors'][number]['action'][], problems: LockProblem[] = []): StayPlan {
  return {
    action: 'update',
    doors: actions.map((action, i) => ({
      device_id: `d${i}`,
      device_name: `Door ${i}`,
      timezone: 'America/Denver',
      action,
      access_code_id: null,
      code: '4821',
      starts_at: null,
      ends_at: null,
      problems: [],
    })),
    problems,
  }
}

describe('the list filters', () => {
  it('keeps only what the workspace can match, trimmed', () => {
    expect(
      staysFilterOf({ property_id: LODGE, health: 'at_risk', search: '  Smith ', when: 'all' }, [LODGE, CABIN]),
    ).toEqual({ property_id: LODGE, health: 'at_risk', search: 'Smith', when: 'all' })
    expect(staysFilterOf({ property_id: 'nope', health: 'bad', search: '   ', when: 'later' }, [LODGE])).toEqual({})
    expect(staysFilterOf({ property_id: null, health: null, search: null, when: null }, [LODGE])).toEqual({})
  })

  it('round-trips through the address in a stable order', () => {
    const filter = { property_id: LODGE, health: 'ready' as const, search: 'A&B', when: 'all' as const }
    const query = staysQueryString(filter)
    expect(query).toBe(`property_id=${LODGE}&health=ready&search=A%26B&when=all`)
    const params = new URLSearchParams(query)
    expect(
      staysFilterOf(
        {
          property_id: params.get('property_id'),
          health: params.get('health'),
          search: params.get('search'),
          when: params.get('when'),
        },
        [LODGE],
      ),
    ).toEqual(filter)
    expect(staysQueryString({})).toBe('')
  })

  it('says whether anything narrows the list (the dates choice is not a filter to clear)', () => {
    expect(isStaysFiltered({})).toBe(false)
    expect(isStaysFiltered({ when: 'all' })).toBe(false)
    expect(isStaysFiltered({ search: 'x' })).toBe(true)
  })

  it('asks for stays reaching past now unless all dates or ended stays are wanted', () => {
    const now = new Date('2026-03-07T12:00:00.000Z')
    expect(listStaysBody({ property_id: LODGE }, now)).toEqual({ property_id: LODGE, from: now.toISOString() })
    expect(listStaysBody({ when: 'all', search: 'Smith' }, now)).toEqual({ search: 'Smith' })
    expect(listStaysBody({ health: 'ended' }, now)).toEqual({ health: 'ended' })
  })
})

describe('a stay’s doors', () => {
  const locks = [lock(FRONT, 'Front door'), lock(POOL, 'Pool gate'), lock(BOAT, 'Boathouse', 'Europe/Lisbon')]

  it('joins each door with its lock and its code, in the stay’s order', () => {
    const doors = stayDoors({ device_ids: [POOL, FRONT], access_codes: [code(FRONT), code(POOL)] }, locks)
    expect(doors.map((d) => [d.name, d.code?.device_id])).toEqual([
      ['Pool gate', POOL],
      ['Front door', FRONT],
    ])
  })

  it('names a lock that is gone, and keeps a code of a door the stay no longer names', () => {
    const doors = stayDoors(
      { device_ids: ['99999999-9999-4999-8999-999999999999'], access_codes: [code(FRONT, { status: 'removing' })] },
      locks,
    )
    expect(doors.map((d) => d.name)).toEqual(['A lock no longer in this workspace', 'Front door'])
    expect(doors[1]?.code?.status).toBe('removing')
  })

  it('tells a door whose code is coming off or gone from one merely deleted or missing', () => {
    const [door] = stayDoors({ device_ids: [FRONT], access_codes: [] }, locks)
    if (door === undefined) throw new Error('no door')
    expect(doorState(door, { status: 'cancelled' }, new Map([[FRONT, 'removing']]))).toBe('removing')
    expect(doorState(door, { status: 'cancelled' }, new Map([[FRONT, 'gone']]))).toBe('gone')
    expect(doorState(door, { status: 'cancelled' })).toBe('code_deleted')
    expect(doorState(door, { status: 'upcoming' })).toBe('no_code')
    expect(doorState({ ...door, code: code(FRONT) }, { status: 'cancelled' })).toBe('has_code')
  })

  it('lists a door just taken away after the stay’s own, while its code is followed', () => {
    const doors = stayDoors({ device_ids: [FRONT], access_codes: [code(FRONT)] }, locks, [
      { deviceId: POOL, accessCodeId: 'old-pool-code' },
      { deviceId: FRONT, accessCodeId: 'old-front-code' },
    ])
    expect(doors.map((d) => [d.name, d.leftStay === true])).toEqual([
      ['Front door', false],
      ['Pool gate', true],
    ])
  })

  it('follows the codes a written plan deletes', () => {
    const base = plan(['remove', 'unchanged', 'remove'])
    const written = { ...base, doors: base.doors.map((d, i) => (i === 0 ? { ...d, access_code_id: 'c0' } : d)) }
    // The third door had no code left to delete: nothing to follow.
    expect(leavingCodes(written)).toEqual([{ deviceId: 'd0', accessCodeId: 'c0' }])
  })

  it('follows the doors being set or removed', () => {
    const codes = [code(FRONT, { status: 'setting' }), code(POOL), code(BOAT, { status: 'removing' })]
    expect(doorsInFlight({ access_codes: codes }).map((c) => c.device_id)).toEqual([FRONT, BOAT])
  })

  it('shows a door’s own times only when its lock keeps another zone', () => {
    expect(inOtherZone('Europe/Lisbon', 'America/Denver')).toBe(true)
    expect(inOtherZone('America/Denver', 'America/Denver')).toBe(false)
    expect(inOtherZone(undefined, 'America/Denver')).toBe(false)
  })

  it('adds and removes doors without naming one twice', () => {
    expect(doorsAfter([FRONT, POOL], new Set([POOL]), [BOAT, FRONT])).toEqual([FRONT, BOAT])
  })

  it('lets any stay but a cancelled one be changed', () => {
    expect(isChangeable({ status: 'in_progress' })).toBe(true)
    expect(isChangeable({ status: 'ended' })).toBe(true)
    expect(isChangeable({ status: 'cancelled' })).toBe(false)
  })
})

describe('plans', () => {
  it('counts what each door will do', () => {
    expect(planCounts(plan(['update', 'update', 'create', 'remove', 'unchanged']))).toEqual({
      create: 1,
      update: 2,
      remove: 1,
      unchanged: 1,
      kept: 4,
    })
  })

  it('labels the button with what it applies', () => {
    expect(applyLabel('shift', plan(['update', 'update', 'update']))).toBe('Move all 3 doors')
    expect(applyLabel('shift', plan(['update']))).toBe('Move the door')
    expect(applyLabel('pin', plan(['update', 'update']))).toBe('Change the PIN on all 2 doors')
    expect(applyLabel('create', plan(['create', 'create']))).toBe('Create the stay on 2 doors')
    expect(applyLabel('doors', plan(['unchanged', 'create', 'remove', 'remove']))).toBe('Add 1 door and remove 2 doors')
    expect(applyLabel('doors', plan(['unchanged', 'remove']))).toBe('Remove 1 door')
    expect(applyLabel('cancel', plan(['remove', 'remove']))).toBe('Cancel the stay and remove 2 doors')
  })

  it('says what happens in one sentence', () => {
    expect(planSentence(plan(['update', 'update', 'create']))).toBe('2 doors change, 1 door gets the code.')
    expect(planSentence(plan(['remove']))).toBe('1 door loses the code.')
    expect(planSentence(plan(['unchanged']))).toBe('Nothing changes: every door already has this.')
  })

  it('applies only a plan that changes something and that no error stops', () => {
    expect(canApply(plan(['update'], [problem(FRONT, 'warning', 'lock_offline')]))).toBe(true)
    expect(canApply(plan(['update'], [problem(FRONT, 'error')]))).toBe(false)
    expect(canApply({ ...plan(['unchanged']), action: 'unchanged' })).toBe(false)
    expect(canApply({ ...plan(['update']), action: 'error' })).toBe(false)
  })
})

describe('shifting a stay', () => {
  it('shows the stay’s times on the property’s wall clock', () => {
    expect(shiftValuesOf(stay)).toEqual({ checkIn: '2026-03-06T15:00', checkOut: '2026-03-08T11:00' })
  })

  it('sends only the time that moved, as an instant of the property’s zone (across the DST change)', () => {
    // 8 March 2026 is the first day of daylight time in Denver: 1 PM is then 19:00 UTC, not 20:00.
    expect(shiftBody(stay, { checkIn: '2026-03-06T15:00', checkOut: '2026-03-08T13:00' })).toEqual({
      ok: true,
      body: { check_out: '2026-03-08T19:00:00.000Z' },
    })
    expect(shiftBody(stay, { checkIn: '2026-03-06T12:00', checkOut: '2026-03-09T11:00' })).toEqual({
      ok: true,
      body: { check_in: '2026-03-06T19:00:00.000Z', check_out: '2026-03-09T17:00:00.000Z' },
    })
  })

  it('leaves a time with seconds alone when its field was not touched', () => {
    const withSeconds = { ...stay, check_in: '2026-03-06T22:00:34.000Z' }
    expect(shiftBody(withSeconds, { checkIn: '2026-03-06T15:00', checkOut: '2026-03-08T13:00' })).toEqual({
      ok: true,
      body: { check_out: '2026-03-08T19:00:00.000Z' },
    })
  })

  it('puts each mistake on its field', () => {
    expect(shiftBody(stay, { checkIn: '', checkOut: '2026-03-08T13:00' })).toEqual({
      ok: false,
      errors: { checkIn: 'Enter a date and time, e.g. 2026-03-06 15:00.' },
    })
    expect(shiftBody(stay, { checkIn: '2026-03-08T15:00', checkOut: '2026-03-08T11:00' })).toEqual({
      ok: false,
      errors: { checkOut: 'Must be after check-in.' },
    })
    const unchanged = shiftBody(stay, shiftValuesOf(stay))
    expect(unchanged.ok).toBe(false)
    if (!unchanged.ok) expect(unchanged.errors.form).toMatch(/change check-in or check-out/)
  })

  it('moves a wall-clock time by minutes and nights, keeping the hour', () => {
    expect(addToWallClock('2026-03-07T11:00', 120)).toBe('2026-03-07T13:00')
    expect(addToWallClock('2026-03-07T11:00', 24 * 60)).toBe('2026-03-08T11:00')
    expect(addToWallClock('2026-12-31T23:30', 60)).toBe('2027-01-01T00:30')
    expect(addToWallClock('tomorrow', 60)).toBeUndefined()
  })
})
