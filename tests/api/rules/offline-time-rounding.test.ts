// Issue 10, item 2, over HTTP: max_time_rounding widens an offline code's window to whole hours or days in the lock's
// time zone, and its documented default is accepted on online codes.
import { describe, expect, it } from 'vitest'
import { workspaceWith, expectInvalidFields, expectOk, create, get, list, clock } from '@/tests/support/rules-api'

// The rules workspaces' property is in America/New_York (UTC-5 in January). Times a few days after the test clock.
const day = (n: number, utcTime: string): string => {
  const base = new Date(clock.now().getTime() + n * 86_400_000).toISOString().slice(0, 10)
  return `${base}T${utcTime}.000Z`
}

describe('max_time_rounding on offline codes', () => {
  it('by default (1hour) the window is widened to whole hours: the start down, the end up', async () => {
    const ws = await workspaceWith('igloohome')
    const [igloohome] = ws.devices
    for (const rounding of [undefined, '1hour', '1h']) {
      const code = await create(ws, {
        device_id: igloohome,
        is_offline_access_code: true,
        starts_at: day(3, '20:20:00'),
        ends_at: day(6, '16:05:00'),
        ...(rounding === undefined ? {} : { max_time_rounding: rounding }),
      })
      expect(code, String(rounding)).toMatchObject({ starts_at: day(3, '20:00:00'), ends_at: day(6, '17:00:00') })
      // The stored window is the one the code shows.
      expect(await get(ws, code.access_code_id)).toMatchObject({
        starts_at: day(3, '20:00:00'),
        ends_at: day(6, '17:00:00'),
      })
    }
  })

  it('1day widens the window to whole days, from midnight to midnight in the property’s time zone', async () => {
    const ws = await workspaceWith('ttlock')
    const [ttlock] = ws.devices
    for (const rounding of ['1day', '1d']) {
      // Check-in 15:00 and check-out 11:00 in New York.
      const code = await create(ws, {
        device_id: ttlock,
        is_offline_access_code: true,
        max_time_rounding: rounding,
        starts_at: day(3, '20:00:00'),
        ends_at: day(6, '16:00:00'),
      })
      expect(code, rounding).toMatchObject({ starts_at: day(3, '05:00:00'), ends_at: day(7, '05:00:00') })
    }
  })

  it('update rounds the new window, and a new rounding rounds the stored one', async () => {
    const ws = await workspaceWith('igloohome')
    const [igloohome] = ws.devices
    const code = await create(ws, {
      device_id: igloohome,
      is_offline_access_code: true,
      starts_at: day(3, '20:00:00'),
      ends_at: day(6, '16:00:00'),
    })
    expectOk(
      await ws.call('/access_codes/update', { access_code_id: code.access_code_id, ends_at: day(6, '18:30:00') }),
    )
    expect(await get(ws, code.access_code_id)).toMatchObject({
      starts_at: day(3, '20:00:00'),
      ends_at: day(6, '19:00:00'),
    })
    expectOk(await ws.call('/access_codes/update', { access_code_id: code.access_code_id, max_time_rounding: '1d' }))
    expect(await get(ws, code.access_code_id)).toMatchObject({
      starts_at: day(3, '05:00:00'),
      ends_at: day(7, '05:00:00'),
    })
  })
})

describe('max_time_rounding on online codes', () => {
  it('the documented default (1hour or 1h) is accepted and changes nothing', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const startsAt = day(3, '20:20:00')
    const endsAt = day(6, '16:05:00')
    for (const rounding of ['1hour', '1h']) {
      const code = await create(ws, {
        device_id: august,
        max_time_rounding: rounding,
        starts_at: startsAt,
        ends_at: endsAt,
      })
      expect(code, rounding).toMatchObject({ is_offline_access_code: false, starts_at: startsAt, ends_at: endsAt })
      expectOk(
        await ws.call('/access_codes/update', { access_code_id: code.access_code_id, max_time_rounding: rounding }),
      )
      expect(await get(ws, code.access_code_id)).toMatchObject({ starts_at: startsAt, ends_at: endsAt })
    }
    const ongoing = await create(ws, { device_id: august, max_time_rounding: '1hour' })
    expect(ongoing.type).toBe('ongoing')
  })

  it('a daily rounding asks for a daily-bound offline code: invalid_input on max_time_rounding, nothing written', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    for (const rounding of ['1day', '1d']) {
      expect(
        expectInvalidFields(
          await ws.call('/access_codes/create', {
            device_id: august,
            max_time_rounding: rounding,
            starts_at: day(3, '20:00:00'),
            ends_at: day(6, '16:00:00'),
          }),
        ),
      ).toEqual(['max_time_rounding'])
    }
    expect(await list(ws, august)).toEqual([])
    const code = await create(ws, { device_id: august, starts_at: day(3, '20:00:00'), ends_at: day(6, '16:00:00') })
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', { access_code_id: code.access_code_id, max_time_rounding: '1d' }),
      ),
    ).toEqual(['max_time_rounding'])
  })
})
