// /stays/create over HTTP: a shared PIN picked that every lock takes, a chosen PIN, a PIN one lock refuses, a lock that
// chooses its own PINs, dry runs, the reservation key's uniqueness, and the stay's codes as Seam's endpoints see them.
import { describe, expect, it } from 'vitest'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import { codeProblems } from '@/lib/shared/code-rules'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { HttpClient } from '@/tests/support/http-client'
import { clock, deviceOf, http, seam, server, settle, store } from '@/tests/support/simulation-api'
import {
  addLockThatChoosesPins,
  createStay,
  doorsOf,
  getStay,
  problemPairs,
  stayOf,
  window,
  writtenRows,
} from '@/tests/api/stays/stays-api'

const rulesOf = (provider: string) => {
  const profile = profileFor(provider)
  if (profile === undefined) throw new Error(provider)
  return { supportedCodeLengths: profile.supportedCodeLengths, codeConstraints: profile.codeConstraints }
}

describe('a stay with a PIN Latchkey picks', () => {
  it('puts one PIN every lock accepts on every door, for the stay’s window, named after the guest', async () => {
    const doors = [deviceOf('august'), deviceOf('kwikset'), deviceOf('lockly')]
    const answer = await createStay({
      reservation_key: 'R-100',
      guest_name: 'Ada Lovelace',
      device_ids: doors,
      ...window(),
    })
    const stay = stayOf(answer)
    expect(answer.dry_run).toBe(false)
    expect(answer.plan.action).toBe('create')
    expect(answer.plan.doors.map((d) => [d.device_id, d.action, d.problems])).toEqual(
      doors.map((id) => [id, 'create', []]),
    )
    const pin = stay.code ?? ''
    // Lockly takes 6 to 8 digits only: the length every lock shares.
    expect(pin).toMatch(/^\d{6}$/)
    for (const provider of ['august', 'kwikset', 'lockly'])
      expect(codeProblems(pin, rulesOf(provider)), provider).toEqual([])
    expect(stay).toMatchObject({ reservation_key: 'R-100', guest_name: 'Ada Lovelace', status: 'upcoming' })
    expect(stay.device_ids).toEqual(doors)
    expect(doorsOf(stay)).toEqual(doors.map((id) => ({ device_id: id, code: pin, ...startsEnds() })))
    expect(answer.plan.doors.every((d) => d.code === pin)).toBe(true)

    // Seam's endpoints see them as ordinary codes.
    const [code] = await seam.accessCodes.list({ device_id: deviceOf('lockly') })
    expect(code).toMatchObject({ code: pin, name: 'Ada Lovelace', type: 'time_bound', is_managed: true })
    await settle()
    expect((await getStay({ stay_id: stay.stay_id })).health).toBe('ready')
  })

  it('cuts the guest’s name to what a lock keeps instead of refusing the stay', async () => {
    const answer = await createStay({
      reservation_key: 'R-101',
      guest_name: 'Bartholomew Longname',
      device_ids: [deviceOf('schlage'), deviceOf('august')],
      ...window(),
    })
    const names = stayOf(answer).access_codes.map((c) => [c.device_id, c.name])
    // Schlage keeps 9 characters.
    expect(names).toEqual([
      [deviceOf('schlage'), 'Bartholom'],
      [deviceOf('august'), 'Bartholomew Longname'],
    ])
  })
})

describe('a stay with a chosen PIN', () => {
  it('puts that PIN on every door', async () => {
    const doors = [deviceOf('august'), deviceOf('lockly')]
    const stay = stayOf(
      await createStay({
        reservation_key: 'R-200',
        guest_name: 'Grace',
        device_ids: doors,
        code: '482615',
        ...window(),
      }),
    )
    expect(stay.code).toBe('482615')
    expect(doorsOf(stay).map((d) => d.code)).toEqual(['482615', '482615'])
  })

  it('is refused with stay_cannot_be_scheduled naming the lock whose rules refuse it, and nothing is written', async () => {
    const before = await writtenRows()
    const failure = await http.fail('/stays/create', {
      reservation_key: 'R-201',
      guest_name: 'Grace',
      device_ids: [deviceOf('august'), deviceOf('lockly')],
      code: '4826',
      ...window(),
    })
    expect(failure).toMatchObject({ status: 400, type: 'stay_cannot_be_scheduled' })
    expect(failure.message).toContain('PIN 4826 must be 6 to 8 digits long on Lockly lock (got 4).')
    const problems = (failure.body.error as { problems: { problem: string; device_id: string | null }[] }).problems
    expect(problemPairs(problems)).toEqual([`pin_not_allowed_on_lock@${deviceOf('lockly')}`])
    expect(await writtenRows()).toEqual(before)
  })

  it('is refused when another code holds the PIN on one of the locks (pin_in_use_on_lock)', async () => {
    await http.ok('/access_codes/create', { device_id: deviceOf('kwikset'), name: 'Cleaner', code: '583920' })
    const failure = await http.fail('/stays/create', {
      reservation_key: 'R-202',
      guest_name: 'Grace',
      device_ids: [deviceOf('august'), deviceOf('kwikset')],
      code: '583920',
      ...window(),
    })
    expect(failure).toMatchObject({ status: 400, type: 'stay_cannot_be_scheduled' })
    expect(failure.message).toContain('PIN 583920 is already on Kwikset lock, held by access code "Cleaner".')
  })
})

describe('a door whose lock chooses its PINs', () => {
  it('gets a code of its own, waiting for the lock’s PIN, while the other doors share one', async () => {
    const salto = await addLockThatChoosesPins()
    const answer = await createStay({
      reservation_key: 'R-300',
      guest_name: 'Linus',
      device_ids: [deviceOf('august'), salto],
      ...window(),
    })
    const stay = stayOf(answer)
    expect(stay.code).toMatch(/^\d{4}$/)
    const saltoDoor = answer.plan.doors.find((d) => d.device_id === salto)
    expect(saltoDoor).toMatchObject({ action: 'create', code: null })
    expect(saltoDoor?.problems.map((p) => [p.problem, p.severity])).toEqual([['lock_chooses_pin', 'warning']])
    expect(stay.access_codes.find((c) => c.device_id === salto)).toMatchObject({
      code: null,
      is_waiting_for_code_assignment: true,
    })
    expect(stay.access_codes.find((c) => c.device_id === deviceOf('august'))?.code).toBe(stay.code)
  })
})

describe('dry_run', () => {
  it('answers the plan, with the PIN it would pick, and writes nothing', async () => {
    const before = await writtenRows()
    const doors = [deviceOf('august'), deviceOf('yale')]
    const answer = await createStay({
      reservation_key: 'R-400',
      guest_name: 'Ada',
      device_ids: doors,
      dry_run: true,
      ...window(),
    })
    expect(answer).toMatchObject({ dry_run: true, stay: null, plan: { action: 'create', problems: [] } })
    expect(answer.plan.doors.map((d) => [d.device_id, d.action, d.access_code_id])).toEqual(
      doors.map((id) => [id, 'create', null]),
    )
    expect(answer.plan.doors[0]?.code).toMatch(/^\d{4}$/)
    expect(await writtenRows()).toEqual(before)
    expect((await http.fail('/stays/get', { reservation_key: 'R-400' })).type).toBe('stay_not_found')
  })

  it('answers a plan with an error as a plan (200, action error), so a preview can show it', async () => {
    const answer = await createStay({
      reservation_key: 'R-401',
      guest_name: 'Ada',
      device_ids: [deviceOf('lockly')],
      code: '1234',
      dry_run: true,
      ...window(),
    })
    expect(answer.plan.action).toBe('error')
    expect(problemPairs(answer.plan.problems)).toEqual([`pin_not_allowed_on_lock@${deviceOf('lockly')}`])
  })
})

describe('what a stay refuses', () => {
  it('a reservation key another stay has: reservation_key_in_use', async () => {
    await createStay({ reservation_key: 'R-500', guest_name: 'Ada', device_ids: [deviceOf('august')], ...window() })
    const failure = await http.fail('/stays/create', {
      reservation_key: 'R-500',
      guest_name: 'Someone else',
      device_ids: [deviceOf('yale')],
      ...window(),
    })
    expect(failure).toMatchObject({ status: 400, type: 'reservation_key_in_use' })
  })

  it('a lock of another workspace: unknown_lock, as if it did not exist', async () => {
    const other = await createWorkspace(store.db, clock, { name: 'Other', sandboxDevices: 1 })
    const foreign = other.device_ids[0] ?? ''
    const failure = await http.fail('/stays/create', {
      reservation_key: 'R-501',
      guest_name: 'Ada',
      device_ids: [deviceOf('august'), foreign],
      ...window(),
    })
    expect(failure).toMatchObject({ status: 400, type: 'stay_cannot_be_scheduled' })
    const problems = (failure.body.error as { problems: { problem: string; device_id: string | null }[] }).problems
    expect(problemPairs(problems)).toEqual([`unknown_lock@${foreign}`])
  })

  it('bad input: a check-out before check-in, an empty guest name, no lock, a property of another workspace', async () => {
    const base = { reservation_key: 'R-502', guest_name: 'Ada', device_ids: [deviceOf('august')], ...window() }
    const invalid = async (body: Record<string, unknown>) => {
      const failure = await http.fail('/stays/create', body)
      expect(failure.status).toBe(400)
      expect(failure.type).toBe('invalid_input')
      return Object.keys((failure.body.error as { validation_errors: object }).validation_errors).filter(
        (k) => k !== '_errors',
      )
    }
    expect(await invalid({ ...base, check_out: base.check_in })).toEqual(['check_out'])
    expect(await invalid({ ...base, guest_name: ' ' })).toEqual(['guest_name'])
    expect(await invalid({ ...base, device_ids: [] })).toEqual(['device_ids'])
    const other = await createWorkspace(store.db, clock, { name: 'Other', sandboxDevices: 0 })
    expect(await invalid({ ...base, property_id: other.property_id })).toEqual(['property_id'])
  })

  it('a check-out already past: check_out_in_past', async () => {
    const failure = await http.fail('/stays/create', {
      reservation_key: 'R-503',
      guest_name: 'Ada',
      device_ids: [deviceOf('august')],
      check_in: new Date(clock.now().getTime() - 3 * 86_400_000).toISOString(),
      check_out: new Date(clock.now().getTime() - 86_400_000).toISOString(),
    })
    expect(failure).toMatchObject({ status: 400, type: 'stay_cannot_be_scheduled' })
    const problems = (failure.body.error as { problems: { problem: string; device_id: string | null }[] }).problems
    expect(problemPairs(problems)).toEqual(['check_out_in_past@-'])
  })
})

describe('the same reservation key in two workspaces', () => {
  it('is two stays, each seen only by its own workspace', async () => {
    const mine = stayOf(
      await createStay({
        reservation_key: 'SHARED-1',
        guest_name: 'Mine',
        device_ids: [deviceOf('august')],
        ...window(),
      }),
    )
    const other = await createWorkspace(store.db, clock, { name: 'Other', sandboxDevices: 1 })
    const otherHttp = new HttpClient(server.endpoint, other.api_key)
    const theirs = stayOf(
      await createStay(
        { reservation_key: 'SHARED-1', guest_name: 'Theirs', device_ids: [other.device_ids[0] ?? ''], ...window() },
        otherHttp,
      ),
    )
    expect(theirs.stay_id).not.toBe(mine.stay_id)
    expect((await getStay({ reservation_key: 'SHARED-1' })).guest_name).toBe('Mine')
    expect((await getStay({ reservation_key: 'SHARED-1' }, otherHttp)).guest_name).toBe('Theirs')
    expect(await http.fail('/stays/get', { stay_id: theirs.stay_id })).toMatchObject({
      status: 404,
      type: 'stay_not_found',
    })
    expect(await http.fail('/stays/update', { stay_id: theirs.stay_id, guest_name: 'x' })).toMatchObject({
      status: 404,
    })
    expect(await http.fail('/stays/delete', { stay_id: theirs.stay_id })).toMatchObject({ status: 404 })
  })
})

function startsEnds(): { starts_at: string; ends_at: string } {
  const { check_in, check_out } = window()
  return { starts_at: check_in, ends_at: check_out }
}
