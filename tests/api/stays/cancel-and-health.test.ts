// /stays/delete (cancelling) over HTTP and a stay's health: a cancelled stay leaves no PIN on any keypad once the
// reconciler has run and cannot be changed; a door whose code is deleted through Seam's endpoints shows in the health
// line, and an update gives the door its code back; an offline lock near check-in puts the stay at risk.
import { describe, expect, it } from 'vitest'
import { at, DAY, deviceOf, http, HOUR, seam, settle, store } from '@/tests/support/simulation-api'
import {
  cancelStay,
  createStay,
  getStay,
  keypadPinsOf,
  stayOf,
  updateStay,
  window,
  writtenRows,
} from '@/tests/api/stays/stays-api'

const DOORS = () => [deviceOf('august'), deviceOf('smartthings'), deviceOf('kwikset')]

/** A stay in progress whose PIN is on every keypad. */
async function stayOnKeypads() {
  const stay = stayOf(
    await createStay({
      reservation_key: 'R-1',
      guest_name: 'Ada',
      device_ids: DOORS(),
      check_in: at(-HOUR),
      check_out: at(2 * DAY),
    }),
  )
  await settle()
  expect(await keypadPinsOf(DOORS())).toEqual(DOORS().map(() => [stay.code]))
  return stay
}

describe('cancelling a stay', () => {
  it('deletes every door’s code, and once the reconciler has run no PIN of the stay is on any keypad', async () => {
    const stay = await stayOnKeypads()
    const answer = await cancelStay({ stay_id: stay.stay_id })
    expect(answer.plan.action).toBe('cancel')
    expect(answer.plan.doors.map((d) => [d.device_id, d.action, d.access_code_id])).toEqual(
      stay.access_codes.map((c) => [c.device_id, 'remove', c.access_code_id]),
    )
    const cancelled = stayOf(answer)
    expect(cancelled).toMatchObject({ status: 'cancelled', health: 'cancelled' })
    // Until each lock lets go, the door's code shows as removing: its PIN may still open that door.
    expect(cancelled.access_codes.map((c) => [c.access_code_id, c.status])).toEqual(
      stay.access_codes.map((c) => [c.access_code_id, 'removing']),
    )
    expect(cancelled.cancelled_at).not.toBeNull()
    expect(cancelled.device_ids).toEqual(DOORS())
    expect(cancelled.health_summary).toMatch(/^Cancelled on .*; its PIN is being removed from 3 doors\.$/)
    for (const code of stay.access_codes)
      expect(await http.fail('/access_codes/get', { access_code_id: code.access_code_id })).toMatchObject({
        status: 404,
      })

    await settle()
    expect(await keypadPinsOf(DOORS())).toEqual(DOORS().map(() => []))
    const afterwards = await getStay({ stay_id: stay.stay_id })
    expect(afterwards.health_summary).toMatch(/; no PIN of it is left to remove\.$/)
    expect(afterwards.access_codes).toEqual([])
    // Listed as cancelled, and still found by its key.
    expect((await getStay({ reservation_key: 'R-1' })).stay_id).toBe(stay.stay_id)
  })

  it('dry_run answers the cancellation and changes nothing', async () => {
    const stay = await stayOnKeypads()
    const before = await writtenRows()
    const answer = await cancelStay({ stay_id: stay.stay_id, dry_run: true })
    expect(answer).toMatchObject({ dry_run: true, plan: { action: 'cancel' }, stay: { status: 'in_progress' } })
    expect(answer.plan.doors.every((d) => d.action === 'remove')).toBe(true)
    expect(await writtenRows()).toEqual(before)
    await settle()
    expect(await keypadPinsOf(DOORS())).toEqual(DOORS().map(() => [stay.code]))
  })

  it('a cancelled stay cannot be changed or cancelled again: stay_cancelled', async () => {
    const stay = stayOf(
      await createStay({ reservation_key: 'R-2', guest_name: 'Ada', device_ids: [deviceOf('august')], ...window() }),
    )
    await cancelStay({ stay_id: stay.stay_id })
    expect(await http.fail('/stays/update', { stay_id: stay.stay_id, check_out: at(9 * DAY) })).toMatchObject({
      status: 400,
      type: 'stay_cancelled',
    })
    expect(await http.fail('/stays/delete', { stay_id: stay.stay_id })).toMatchObject({
      status: 400,
      type: 'stay_cancelled',
    })
    // Its key stays taken.
    expect(
      await http.fail('/stays/create', {
        reservation_key: 'R-2',
        guest_name: 'Ada',
        device_ids: [deviceOf('august')],
        ...window(),
      }),
    ).toMatchObject({ status: 400, type: 'reservation_key_in_use' })
  })
})

describe('a stay’s health', () => {
  it('shows a door whose code was deleted through /access_codes/delete, and an update gives the door a code again', async () => {
    const stay = await stayOnKeypads()
    expect((await getStay({ stay_id: stay.stay_id })).health).toBe('ready')
    const lost = stay.access_codes.find((c) => c.device_id === deviceOf('smartthings'))
    await seam.accessCodes.delete({ access_code_id: lost?.access_code_id ?? '' })
    const hurt = await getStay({ stay_id: stay.stay_id })
    expect(hurt.health).toBe('problem')
    expect(hurt.health_summary).toBe(
      '2 of 3 doors ready; Samsung SmartThings lock lost its code (it was deleted outside the stay).',
    )
    expect(hurt.device_ids).toEqual(DOORS())
    expect(hurt.access_codes.map((c) => c.device_id)).toEqual([deviceOf('august'), deviceOf('kwikset')])

    const answer = await updateStay({ stay_id: stay.stay_id, dry_run: true })
    expect(answer.plan.doors.map((d) => d.action)).toEqual(['unchanged', 'create', 'unchanged'])
    await updateStay({ stay_id: stay.stay_id })
    await settle()
    const healed = await getStay({ stay_id: stay.stay_id })
    expect(healed.health).toBe('ready')
    expect(await keypadPinsOf(DOORS())).toEqual(DOORS().map(() => [stay.code]))
  })

  it('is pending while doors are being programmed, and at risk when a lock is offline near check-in', async () => {
    const stay = stayOf(
      await createStay({
        reservation_key: 'R-3',
        guest_name: 'Ada',
        device_ids: DOORS(),
        check_in: at(-HOUR),
        check_out: at(2 * DAY),
      }),
    )
    expect(stay.health).toBe('pending')
    expect(stay.health_summary).toBe('0 of 3 doors ready; 3 being programmed.')
    await settle()
    await http.ok('/devices/simulate/disconnect', { device_id: deviceOf('kwikset') })
    const atRisk = await getStay({ stay_id: stay.stay_id })
    expect(atRisk.health).toBe('at_risk')
    expect(atRisk.health_summary).toBe('2 of 3 doors ready; Kwikset lock is offline.')
  })

  it('puts a door at risk in the problems queue with its stay, one click from the stay’s page', async () => {
    await http.ok('/devices/simulate/disconnect', { device_id: deviceOf('kwikset') })
    const stay = stayOf(
      await createStay({
        reservation_key: 'R-4',
        guest_name: 'Ada',
        device_ids: DOORS(),
        check_in: at(DAY),
        check_out: at(3 * DAY),
      }),
    )
    await settle()
    const door = stay.access_codes.find((c) => c.device_id === deviceOf('kwikset'))
    const { problems } = (await http.ok('/problems/list', { device_id: deviceOf('kwikset') })) as {
      problems: { kind: string; access_code_id: string | null; stay_id: string | null; actions: { action: string }[] }[]
    }
    const arrival = problems.find((p) => p.kind === 'arrival_at_risk')
    expect(arrival).toMatchObject({ access_code_id: door?.access_code_id, stay_id: stay.stay_id })
    expect(arrival?.actions).toContainEqual(expect.objectContaining({ action: 'open_stay', stay_id: stay.stay_id }))
    // A code of no stay offers no stay.
    await http.ok('/access_codes/create', {
      device_id: deviceOf('kwikset'),
      name: 'Cleaner',
      starts_at: at(DAY),
      ends_at: at(2 * DAY),
    })
    const again = (await http.ok('/problems/list', { device_id: deviceOf('kwikset') })) as {
      problems: { stay_id: string | null; actions: { action: string }[] }[]
    }
    expect(again.problems.some((p) => p.stay_id === null)).toBe(true)
    for (const p of again.problems.filter((p) => p.stay_id === null))
      expect(p.actions.map((a) => a.action)).not.toContain('open_stay')
  })

  it('is ended after check-out', async () => {
    const stay = stayOf(
      await createStay({
        reservation_key: 'R-4',
        guest_name: 'Ada',
        device_ids: [deviceOf('august')],
        check_in: at(-HOUR),
        check_out: at(HOUR),
      }),
    )
    await settle()
    await store.db
      .updateTable('stays')
      .set({ check_out: at(-1) })
      .where('stay_id', '=', stay.stay_id)
      .execute()
    expect((await getStay({ stay_id: stay.stay_id })).health).toBe('ended')
  })
})
