// /stays/update over HTTP: shifting a stay moves every door together (a picked PIN, a chosen PIN, a door whose lock
// chooses its PIN), a new PIN on every door, adding and removing doors, dry runs, refusals that change nothing, and
// an update that changes nothing.
import { describe, expect, it } from 'vitest'
import { at, DAY, deviceOf, http, HOUR, seam, settle } from '@/tests/support/simulation-api'
import {
  addLockThatChoosesPins,
  createStay,
  doorsOf,
  getStay,
  keypadPinsOf,
  problemPairs,
  stayOf,
  updateStay,
  window,
  writtenRows,
} from '@/tests/api/stays/stays-api'

async function threeDoorStay(extra: Record<string, unknown> = {}) {
  const doors = [deviceOf('august'), deviceOf('kwikset'), deviceOf('yale')]
  return stayOf(
    await createStay({ reservation_key: 'R-1', guest_name: 'Ada', device_ids: doors, ...window(), ...extra }),
  )
}

describe('shifting a stay', () => {
  it('a late checkout moves the end on every door, keeping the codes and the PIN', async () => {
    const stay = await threeDoorStay()
    const lateOut = at(6 * DAY + 3 * HOUR)
    const answer = await updateStay({ stay_id: stay.stay_id, check_out: lateOut })
    expect(answer.plan.action).toBe('update')
    expect(answer.plan.doors.map((d) => [d.device_id, d.action, d.ends_at])).toEqual(
      stay.device_ids.map((id) => [id, 'update', lateOut]),
    )
    const shifted = stayOf(answer)
    expect(shifted.check_out).toBe(lateOut)
    expect(shifted.access_codes.map((c) => c.access_code_id)).toEqual(stay.access_codes.map((c) => c.access_code_id))
    expect(doorsOf(shifted)).toEqual(
      stay.device_ids.map((id) => ({ device_id: id, code: stay.code, starts_at: stay.check_in, ends_at: lateOut })),
    )
    // What the Seam endpoints show moved too.
    for (const code of shifted.access_codes)
      expect((await seam.accessCodes.get({ access_code_id: code.access_code_id })).ends_at).toBe(lateOut)
  })

  it('an early check-in and a late checkout together, with a PIN the manager chose', async () => {
    const stay = await threeDoorStay({ code: '583920' })
    const earlyIn = at(3 * DAY - 2 * HOUR)
    const lateOut = at(7 * DAY)
    const shifted = stayOf(await updateStay({ stay_id: stay.stay_id, check_in: earlyIn, check_out: lateOut }))
    expect(doorsOf(shifted).map((d) => [d.code, d.starts_at, d.ends_at])).toEqual(
      stay.device_ids.map(() => ['583920', earlyIn, lateOut]),
    )
  })

  it('moves a door whose lock chooses its PIN, which keeps the PIN the lock gave it', async () => {
    const salto = await addLockThatChoosesPins()
    const stay = stayOf(
      await createStay({
        reservation_key: 'R-2',
        guest_name: 'Ada',
        device_ids: [deviceOf('august'), salto],
        check_in: at(-HOUR),
        check_out: at(DAY),
      }),
    )
    await settle()
    const saltoPin = (await getStay({ stay_id: stay.stay_id })).access_codes.find((c) => c.device_id === salto)?.code
    expect(saltoPin).toMatch(/^\d{6}$/)
    const lateOut = at(2 * DAY)
    const answer = await updateStay({ stay_id: stay.stay_id, check_out: lateOut })
    expect(answer.plan.doors.map((d) => [d.device_id, d.action, d.code])).toEqual([
      [deviceOf('august'), 'update', stay.code],
      [salto, 'update', saltoPin],
    ])
    expect(doorsOf(stayOf(answer))).toEqual([
      { device_id: deviceOf('august'), code: stay.code, starts_at: stay.check_in, ends_at: lateOut },
      { device_id: salto, code: saltoPin, starts_at: stay.check_in, ends_at: lateOut },
    ])
  })

  it('extends a stay in progress on every door', async () => {
    const doors = [deviceOf('august'), deviceOf('smartthings')]
    const stay = stayOf(
      await createStay({
        reservation_key: 'R-3',
        guest_name: 'Ada',
        device_ids: doors,
        check_in: at(-HOUR),
        check_out: at(DAY),
      }),
    )
    await settle()
    expect((await getStay({ stay_id: stay.stay_id })).health).toBe('ready')
    const shifted = stayOf(await updateStay({ stay_id: stay.stay_id, check_out: at(3 * DAY) }))
    expect(shifted.status).toBe('in_progress')
    await settle()
    expect(await keypadPinsOf(doors)).toEqual(doors.map(() => [stay.code]))
    expect((await getStay({ stay_id: stay.stay_id })).health).toBe('ready')
  })
})

describe('a new PIN', () => {
  it('goes on every door, and the keypads trade the old PIN for it', async () => {
    const doors = [deviceOf('august'), deviceOf('smartthings')]
    const stay = stayOf(
      await createStay({
        reservation_key: 'R-4',
        guest_name: 'Ada',
        device_ids: doors,
        check_in: at(-HOUR),
        check_out: at(DAY),
      }),
    )
    await settle()
    expect(await keypadPinsOf(doors)).toEqual(doors.map(() => [stay.code]))
    const answer = await updateStay({ stay_id: stay.stay_id, code: '739164' })
    expect(answer.plan.doors.map((d) => [d.action, d.code])).toEqual(doors.map(() => ['update', '739164']))
    expect(stayOf(answer).code).toBe('739164')
    await settle()
    expect(await keypadPinsOf(doors)).toEqual(doors.map(() => ['739164']))
  })

  it('that one lock refuses is refused, and nothing changes', async () => {
    const stay = stayOf(
      await createStay({
        reservation_key: 'R-5',
        guest_name: 'Ada',
        device_ids: [deviceOf('august'), deviceOf('lockly')],
        ...window(),
      }),
    )
    const before = await writtenRows()
    const failure = await http.fail('/stays/update', { stay_id: stay.stay_id, code: '1234' })
    expect(failure).toMatchObject({ status: 400, type: 'stay_cannot_be_scheduled' })
    const problems = (failure.body.error as { problems: { problem: string; device_id: string | null }[] }).problems
    expect(problemPairs(problems)).toEqual([`pin_not_allowed_on_lock@${deviceOf('lockly')}`])
    expect(await writtenRows()).toEqual(before)
    expect((await getStay({ stay_id: stay.stay_id })).code).toBe(stay.code)
  })
})

describe('the doors', () => {
  it('device_ids is the door set from now on: a new door gets the PIN, a missing one loses its code', async () => {
    const stay = await threeDoorStay()
    const yaleCode = stay.access_codes.find((c) => c.device_id === deviceOf('yale'))
    const next = [deviceOf('august'), deviceOf('kwikset'), deviceOf('ttlock')]
    const answer = await updateStay({ stay_id: stay.stay_id, device_ids: next })
    expect(answer.plan.doors.map((d) => [d.device_id, d.action])).toEqual([
      [deviceOf('august'), 'unchanged'],
      [deviceOf('kwikset'), 'unchanged'],
      [deviceOf('ttlock'), 'create'],
      [deviceOf('yale'), 'remove'],
    ])
    const updated = stayOf(answer)
    expect(updated.device_ids).toEqual(next)
    expect(doorsOf(updated).map((d) => d.code)).toEqual([stay.code, stay.code, stay.code])
    expect(await http.fail('/access_codes/get', { access_code_id: yaleCode?.access_code_id ?? '' })).toMatchObject({
      status: 404,
    })
  })
})

describe('dry_run', () => {
  it('answers what a shift would do and changes nothing', async () => {
    const stay = await threeDoorStay()
    const before = await writtenRows()
    const lateOut = at(7 * DAY)
    const answer = await updateStay({ stay_id: stay.stay_id, check_out: lateOut, code: '583920', dry_run: true })
    expect(answer.dry_run).toBe(true)
    expect(answer.plan.action).toBe('update')
    expect(answer.plan.doors.map((d) => [d.action, d.code, d.ends_at])).toEqual(
      stay.device_ids.map(() => ['update', '583920', lateOut]),
    )
    // The stay as it is.
    expect(answer.stay).toMatchObject({ stay_id: stay.stay_id, check_out: stay.check_out, code: stay.code })
    expect(await writtenRows()).toEqual(before)
  })
})

describe('an update that changes nothing', () => {
  it('plans unchanged and writes nothing', async () => {
    const stay = await threeDoorStay()
    const before = await writtenRows()
    const answer = await updateStay({
      stay_id: stay.stay_id,
      guest_name: 'Ada',
      check_out: stay.check_out,
      code: stay.code,
    })
    expect(answer.plan.action).toBe('unchanged')
    expect(answer.plan.doors.every((d) => d.action === 'unchanged')).toBe(true)
    expect(await writtenRows()).toEqual(before)
  })

  it('a check-out moved before check-in is invalid input on check_out', async () => {
    const stay = await threeDoorStay()
    const failure = await http.fail('/stays/update', { stay_id: stay.stay_id, check_out: at(2 * DAY) })
    expect(failure).toMatchObject({ status: 400, type: 'invalid_input' })
    expect(failure.message).toContain('check_out')
  })
})
