// The problems queue, problems of a code: its errors and warnings (one problem each), and a deleted or expired code
// still on the keypad. Each is made to happen on a sandbox lock, seen in the queue, fixed (by the queue's own
// actions where it offers one) and seen to clear.
import { describe, expect, it } from 'vitest'
import {
  HOUR,
  MINUTE,
  SECOND,
  advance,
  at,
  createCode,
  clock,
  deleteCode,
  deleteUnmanaged,
  deviceOf,
  http,
  seam,
  settle,
  stateOf,
  store,
  workspace,
} from '@/tests/support/simulation-api'
import { listProblems, lockNameOf, problemOf, queue } from '@/tests/api/problems/problems-api'
import { loadCodePage } from '@/lib/dashboard/code-page'
import type { ProblemAction } from '@/lib/schemas/problem'

const pageContext = () => ({ db: store.db, clock, workspaceId: workspace.workspace_id })

/** Does what the action's button does: the API call it names. */
async function run(action: ProblemAction | undefined): Promise<void> {
  switch (action?.action) {
    case 'retry_access_code':
      await http.ok('/access_codes/update', { access_code_id: action.access_code_id })
      return
    case 'delete_unmanaged_access_code':
      await http.ok('/access_codes/unmanaged/delete', { access_code_id: action.access_code_id })
      return
    case 'convert_to_managed':
      await http.ok('/access_codes/unmanaged/convert_to_managed', { access_code_id: action.access_code_id })
      return
    case 'pull_backup_access_code':
      await http.ok('/access_codes/pull_backup_access_code', { access_code_id: action.access_code_id })
      return
    default:
      throw new Error(`no API call behind ${JSON.stringify(action)}`)
  }
}

const actionsOf = (actions: readonly ProblemAction[]): string[] => actions.map((a) => a.action)

describe('a code the lock refuses', () => {
  it('is a code_error once the lock side gives up, and “Retry now” programs it at once', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Cleaner', code: '615243' })
    const id = access_code.access_code_id
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 3 })
    await settle()
    await advance(5 * SECOND)
    // Two refusals: Latchkey is still trying, and nothing is wrong yet as far as the queue goes.
    expect(await queue()).toEqual([])
    await advance(10 * SECOND)
    expect(await stateOf(id)).toMatchObject({ status: 'setting', errors: ['failed_to_set_on_device'] })
    expect(await queue()).toEqual(['code_error Cleaner failed_to_set_on_device'])
    const problem = await problemOf('code_error')
    expect(problem).toMatchObject({
      problem_id: `code_error:${id}:failed_to_set_on_device`,
      severity: 'critical',
      device_id: deviceId,
      device_name: await lockNameOf(deviceId),
      access_code_id: id,
      access_code_name: 'Cleaner',
      starts_at: null,
      error_code: 'failed_to_set_on_device',
      warning_code: null,
      created_at: at(0),
    })
    expect(actionsOf(problem.actions)).toEqual(['retry_access_code', 'open_code', 'open_device'])

    // The next retry is 20 s away; the queue's retry does not wait for it.
    await run(problem.actions[0])
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await queue()).toEqual([])
  })

  it('offers to delete the unmanaged code that holds the PIN, which lets Latchkey program it', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Garcia stay',
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(3 * HOUR),
    })
    const id = access_code.access_code_id
    const { access_code: neighbour } = await http.ok<{ access_code: { access_code_id: string } }>(
      '/access_codes/simulate/create_unmanaged_access_code',
      { device_id: deviceId, code: '615243', name: 'Neighbour' },
    )
    await settle()
    await advance(HOUR)
    expect(await stateOf(id)).toMatchObject({ errors: ['duplicate_code_on_device'] })
    // The stay has started without its code: an arrival at risk, and the code's error.
    expect(await queue()).toEqual([
      'arrival_at_risk Garcia stay duplicate_code_on_device',
      'code_error Garcia stay duplicate_code_on_device',
    ])
    const problem = await problemOf('code_error')
    expect(actionsOf(problem.actions)).toEqual([
      'delete_unmanaged_access_code',
      'retry_access_code',
      'open_code',
      'open_device',
    ])
    const [deleteHolder] = problem.actions
    expect(deleteHolder).toMatchObject({
      access_code_id: neighbour.access_code_id,
      label: 'Delete “Neighbour” from the lock',
    })
    expect(actionsOf((await problemOf('arrival_at_risk')).actions)).toContain('delete_unmanaged_access_code')

    await run(deleteHolder)
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await queue()).toEqual([])
  })

  it('on a full keypad, is the code’s error next to the lock’s full keypad, until a slot is freed', async () => {
    const deviceId = deviceOf('smartthings')
    await http.ok('/devices/simulate/fill_keypad', { device_id: deviceId })
    const { access_code } = await createCode({ device_id: deviceId, name: 'Housekeeping', code: '4821' })
    await settle()
    expect(await queue()).toEqual([
      'code_error Housekeeping smartthings_no_free_slots_available',
      `keypad_nearly_full ${await lockNameOf(deviceId)}`,
    ])

    const { access_codes } = await http.ok<{ access_codes: { access_code_id: string }[] }>(
      '/access_codes/unmanaged/list',
      { device_id: deviceId },
    )
    await http.ok('/access_codes/unmanaged/delete', { access_code_id: access_codes[0]?.access_code_id })
    await settle()
    expect(await stateOf(access_code.access_code_id)).toEqual({ status: 'set', errors: [], warnings: [] })
    // The code took the freed slot: still full.
    expect(await queue()).toEqual([`keypad_nearly_full ${await lockNameOf(deviceId)}`])
  })
})

describe('a code changed on the keypad', () => {
  it('is a code_error while Latchkey restores it, and a code_warning when the change is allowed and kept', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Owner', code: '615243' })
    const id = access_code.access_code_id
    await settle()
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 1 })
    await http.ok('/access_codes/simulate/modify_on_keypad', { access_code_id: id, code: '9998' })
    await settle()
    expect(await queue()).toEqual(['code_error Owner code_modified_external_to_seam'])
    expect(actionsOf((await problemOf('code_error')).actions)).toEqual([
      'retry_access_code',
      'open_code',
      'open_device',
    ])
    await advance(5 * SECOND)
    expect(await queue()).toEqual([])

    const kept = await createCode({
      device_id: deviceOf('smartthings'),
      name: 'Handyman',
      code: '4821',
      is_external_modification_allowed: true,
    })
    await settle()
    await http.ok('/access_codes/simulate/modify_on_keypad', {
      access_code_id: kept.access_code.access_code_id,
      code: '9137',
    })
    await settle()
    expect(await queue()).toEqual(['code_warning Handyman code_modified_external_to_seam'])
    const warning = await problemOf('code_warning')
    expect(warning).toMatchObject({
      problem_id: `code_warning:${kept.access_code.access_code_id}:code_modified_external_to_seam`,
      severity: 'problem',
      error_code: null,
      warning_code: 'code_modified_external_to_seam',
      title: 'Code changed outside Latchkey (kept)',
    })
    expect(actionsOf(warning.actions)).toEqual(['open_code', 'open_device'])
    // A deleted code's problems go with it (it was never stuck: it leaves the keypad at once).
    await deleteCode(kept.access_code.access_code_id)
    await settle()
    expect(await queue()).toEqual([])
  })
})

describe('work that waits on the lock', () => {
  it('is a code_warning (delay) next to the lock’s device_offline, never a device_offline per code', async () => {
    const deviceId = deviceOf('lockly')
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    const { access_code } = await createCode({ device_id: deviceId, name: 'Cleaner', code: '615243' })
    await settle()
    const lock = await lockNameOf(deviceId)
    expect(await queue()).toEqual([`device_offline ${lock} device_offline`])
    await advance(5 * MINUTE)
    expect(await stateOf(access_code.access_code_id)).toMatchObject({
      errors: ['device_offline'],
      warnings: ['delay_in_setting_on_device'],
    })
    expect(await queue()).toEqual([
      `device_offline ${lock} device_offline`,
      'code_warning Cleaner delay_in_setting_on_device',
    ])
    expect((await problemOf('code_warning')).severity).toBe('problem')

    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    expect(await queue()).toEqual([])
  })
})

describe('a removal that does not finish', () => {
  it('is stuck_removing a few minutes after a code is deleted on an offline lock, until the lock is back', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Departed guest', code: '615243' })
    const id = access_code.access_code_id
    await settle()
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await settle()
    await deleteCode(id)
    await settle()
    const lock = await lockNameOf(deviceId)
    await advance(5 * MINUTE - SECOND)
    expect(await queue()).toEqual([`device_offline ${lock} device_offline`])
    await advance(SECOND)
    expect(await queue()).toEqual([
      `device_offline ${lock} device_offline`,
      'stuck_removing Departed guest device_offline',
    ])
    const stuck = await problemOf('stuck_removing')
    expect(stuck).toMatchObject({
      problem_id: `stuck_removing:${id}`,
      severity: 'critical',
      access_code_id: id,
      error_code: 'device_offline',
      warning_code: 'delay_in_removing_from_device',
      causes: ['device_offline', 'delay_in_removing_from_device'],
      title: 'Old PIN still opens the door',
      created_at: at(-5 * MINUTE),
    })
    expect(stuck.message).toContain('“Departed guest” was deleted at')
    expect(stuck.message).toContain('its PIN still opens the door')
    // Gone from the API, but its page stays while the lock holds its PIN, and says so.
    expect(actionsOf(stuck.actions)).toEqual(['open_code', 'open_device'])
    expect(stuck.actions[0]).toMatchObject({ access_code_id: id })
    expect(await loadCodePage(pageContext(), id)).toMatchObject({ kind: 'removing', name: 'Departed guest' })

    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    expect(await queue()).toEqual([])
  })

  it('is stuck_removing for an unmanaged code deleted on an offline lock, with no page to open', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code: owner } = await http.ok<{ access_code: { access_code_id: string } }>(
      '/access_codes/simulate/create_unmanaged_access_code',
      { device_id: deviceId, code: '615243', name: 'Owner' },
    )
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await settle()
    await deleteUnmanaged(owner.access_code_id)
    await settle()
    await advance(5 * MINUTE)
    const stuck = await problemOf('stuck_removing')
    expect(stuck).toMatchObject({ access_code_id: owner.access_code_id, access_code_name: 'Owner (unmanaged)' })
    expect(actionsOf(stuck.actions)).toEqual(['open_device'])

    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    expect(await queue()).toEqual([])
  })

  it('is stuck_removing at once when the lock refuses the removal, and clears when it takes it', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Old cleaner', code: '615243' })
    await settle()
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, remove: 3 })
    await deleteCode(access_code.access_code_id)
    await settle()
    await advance(5 * SECOND)
    expect(await queue()).toEqual([])
    await advance(10 * SECOND)
    expect(await queue()).toEqual(['stuck_removing Old cleaner failed_to_remove_from_device'])
    expect((await problemOf('stuck_removing')).remedy).toContain('programming/master code')
    await advance(20 * SECOND)
    expect(await queue()).toEqual([])
  })

  it('is stuck_removing when a stay ended on an offline lock, with the code still listed until it is off', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Weekend stay',
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(2 * HOUR),
    })
    await advance(HOUR)
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await advance(HOUR)
    expect(await stateOf(access_code.access_code_id)).toMatchObject({ status: 'removing' })
    const lock = await lockNameOf(deviceId)
    expect(await queue()).toEqual([`device_offline ${lock} device_offline`])
    await advance(5 * MINUTE)
    const { problems } = await listProblems({ kind: 'stuck_removing' })
    expect(problems.map((p) => [p.access_code_name, p.starts_at, p.created_at])).toEqual([
      ['Weekend stay', null, at(-5 * MINUTE)],
    ])
    expect(problems[0]?.message).toContain('The stay of “Weekend stay” ended at')
    // Still a code of the API until it is off the keypad: its page is a click away.
    expect(actionsOf(problems[0]?.actions ?? [])).toEqual(['open_code', 'open_device'])

    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    expect(await queue()).toEqual([])
  })
})
