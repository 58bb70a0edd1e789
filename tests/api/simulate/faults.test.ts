// /devices/simulate/fault and /devices/simulate/clear_faults over HTTP: what they refuse, what they leave on the lock,
// what /devices/get and /devices/list show of it, and what the lock side then makes of it. Also keeps README's fault
// table in step with lib/locks/sandbox-faults.ts.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { faultsPossibleOn, notALockFaults, sandboxFaults, type SandboxFault } from '@/lib/locks/sandbox-faults'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { HttpClient } from '@/tests/support/http-client'
import {
  type AccessCodeView,
  type DeviceView,
  advance,
  clock,
  createCode,
  deviceEvents,
  deviceOf,
  eventsWhere,
  failure,
  codeEvents,
  getDevice,
  http,
  profileOf,
  seam,
  server,
  settle,
  stateOf,
  store,
  workspace,
  SECOND,
} from '@/tests/support/simulation-api'

interface FaultView {
  fault: string
  produces: { errors: string[]; warnings: string[] }
  lasts: string
  lock_does: string
  clears: string
  active: { operations_left: number | null } | null
}
type SandboxDeviceView = DeviceView & {
  properties: { sandbox_faults?: FaultView[]; connects_through?: { kind: string; name: string } | null }
}

const fault = (body: Record<string, unknown>) => http.ok('/devices/simulate/fault', body)
const clearFaults = (deviceId: string) => http.ok('/devices/simulate/clear_faults', { device_id: deviceId })
const refusal = async (body: Record<string, unknown>) => http.fail('/devices/simulate/fault', body)

async function faultRows(deviceId: string): Promise<{ fault: string; operations_left: number | null }[]> {
  const rows = await store.db
    .selectFrom('sandbox_faults')
    .select(['fault', 'operations_left'])
    .where('device_id', '=', deviceId)
    .orderBy('fault')
    .execute()
  return rows.map((r) => ({
    fault: r.fault,
    operations_left: r.operations_left === null ? null : Number(r.operations_left),
  }))
}

async function sandboxFaultsOf(deviceId: string): Promise<FaultView[]> {
  const device = (await getDevice(deviceId)) as SandboxDeviceView
  const faults = device.properties.sandbox_faults
  if (faults === undefined) throw new Error('no properties.sandbox_faults')
  return faults
}

const activeOf = (faults: FaultView[]) =>
  Object.fromEntries(faults.filter((f) => f.active !== null).map((f) => [f.fault, f.active]))

async function keypadPins(deviceId: string): Promise<Map<string, { code: string; disabled: number }>> {
  const rows = await store.db
    .selectFrom('sandbox_keypad_codes')
    .select(['keypad_code_id', 'code', 'disabled'])
    .where('device_id', '=', deviceId)
    .execute()
  return new Map(rows.map((r) => [r.keypad_code_id, { code: r.code, disabled: Number(r.disabled) }]))
}

/** A code set on the lock (with this PIN, or one Latchkey picks), and its keypad entry's id. */
async function setCode(deviceId: string, code?: string): Promise<{ id: string; entry: string }> {
  const { access_code } = await createCode({ device_id: deviceId, ...(code === undefined ? {} : { code }) })
  await settle()
  const row = await store.db
    .selectFrom('access_codes')
    .select('provider_code_id')
    .where('access_code_id', '=', access_code.access_code_id)
    .executeTakeFirstOrThrow()
  if (row.provider_code_id === null) throw new Error('the code did not reach the keypad')
  return { id: access_code.access_code_id, entry: row.provider_code_id }
}

describe('/devices/simulate/fault refuses', () => {
  it('a fault that is not an error or warning code of the access code object, naming the field', async () => {
    const deviceId = deviceOf('lockly')
    for (const bad of ['lock_is_haunted', '', 42]) {
      const refused = await refusal({ device_id: deviceId, fault: bad })
      expect(failure(refused)).toEqual({ status: 400, type: 'invalid_input' })
      expect(refused.body.error).toMatchObject({ validation_errors: { fault: { _errors: [expect.any(String)] } } })
    }
    expect(failure(await refusal({ device_id: deviceId }))).toEqual({ status: 400, type: 'invalid_input' })
    // In the catalogue, but not something any lock does.
    const thermostat = await refusal({ device_id: deviceId, fault: 'auxiliary_heat_running' })
    expect(failure(thermostat)).toEqual({ status: 400, type: 'invalid_input' })
    expect(thermostat.message).toContain('auxiliary_heat_running')
    expect(await faultRows(deviceId)).toEqual([])
  })

  it('an unknown device, and another workspace’s device, with 404 device_not_found', async () => {
    const other = await createWorkspace(store.db, clock, { name: 'Someone else', sandboxDevices: 1 })
    const theirs = other.device_ids[0]
    if (theirs === undefined) throw new Error('no device')
    const notFound = { status: 404, type: 'device_not_found' }
    for (const deviceId of ['7a1c3e52-25c0-4c4e-9f0b-0d6f0c1b2a3d', theirs]) {
      expect(failure(await refusal({ device_id: deviceId, fault: 'device_disconnected' }))).toEqual(notFound)
      expect(failure(await http.fail('/devices/simulate/clear_faults', { device_id: deviceId }))).toEqual(notFound)
    }
    expect(await faultRows(theirs)).toEqual([])
    // Their owner can.
    await new HttpClient(server.endpoint, other.api_key).ok('/devices/simulate/fault', {
      device_id: theirs,
      fault: 'device_disconnected',
    })
    expect(await faultRows(theirs)).toEqual([{ fault: 'device_disconnected', operations_left: null }])
  })

  it('a fault the lock’s brand cannot have, naming the brands that can', async () => {
    const deviceId = deviceOf('schlage')
    const refused = await refusal({ device_id: deviceId, fault: 'august_lock_missing_bridge' })
    expect(failure(refused)).toEqual({ status: 400, type: 'fault_not_possible_on_device' })
    expect(refused.message).toBe(
      'august_lock_missing_bridge cannot happen on Schlage lock, a Schlage lock: it happens only on August and Yale ' +
        'locks.',
    )
    expect(refused.body.error).toMatchObject({ possible_on: ['august', 'yale'], device_provider: 'schlage' })
    const hub = await refusal({ device_id: deviceOf('lockly'), fault: 'third_party_integration_detected' })
    expect(failure(hub)).toEqual({ status: 400, type: 'fault_not_possible_on_device' })
    expect(hub.message).toContain('only on August, Yale, Schlage, Kwikset and Samsung SmartThings locks')
    expect(await faultRows(deviceId)).toEqual([])
  })

  it.each(notALockFaults.map((f) => [f.code, f]))(
    '%s, which no lock causes: not_a_lock_fault saying how',
    async (_code, entry) => {
      const refused = await refusal({ device_id: deviceOf('august'), fault: entry.code })
      expect(failure(refused)).toEqual({ status: 400, type: 'not_a_lock_fault' })
      expect(refused.message).toContain(entry.how)
    },
  )

  it('operations on a fault that is not counted in operations', async () => {
    const deviceId = deviceOf('august')
    const untilCleared = await refusal({ device_id: deviceId, fault: 'august_lock_missing_keypad', operations: 2 })
    expect(failure(untilCleared)).toEqual({ status: 400, type: 'invalid_input' })
    expect(untilCleared.body.error).toMatchObject({
      validation_errors: {
        operations: {
          _errors: [
            'august_lock_missing_keypad lasts until /devices/simulate/clear_faults: it affects no number of operations',
          ],
        },
      },
    })
    const permanent = await refusal({ device_id: deviceId, fault: 'device_removed', operations: 1 })
    expect(failure(permanent)).toEqual({ status: 400, type: 'invalid_input' })
    expect(permanent.message).toContain('device_removed is permanent')
    for (const operations of [0, 101, 1.5, '2']) {
      expect(failure(await refusal({ device_id: deviceId, fault: 'failed_to_set_on_device', operations }))).toEqual({
        status: 400,
        type: 'invalid_input',
      })
    }
    expect(await faultRows(deviceId)).toEqual([])
    expect((await getDevice(deviceId)).properties.online).toBe(true)
  })

  it('a real lock, with not_a_sandbox_device', async () => {
    const deviceId = deviceOf('kwikset')
    await store.db.updateTable('devices').set({ is_sandbox: 0 }).where('device_id', '=', deviceId).execute()
    const refused = { status: 400, type: 'not_a_sandbox_device' }
    expect(failure(await refusal({ device_id: deviceId, fault: 'device_offline' }))).toEqual(refused)
    expect(failure(await http.fail('/devices/simulate/clear_faults', { device_id: deviceId }))).toEqual(refused)
    expect(await faultRows(deviceId)).toEqual([])
    // A real lock lists no sandbox faults.
    const device = (await getDevice(deviceId)) as SandboxDeviceView
    expect(device.properties.sandbox_faults).toBeUndefined()
    expect(device.properties.connects_through).toBeUndefined()
  })

  it('changing or switching off Latchkey’s codes when the keypad holds none of them', async () => {
    const deviceId = deviceOf('lockly')
    // An unmanaged code is someone else's: it does not count.
    await seam.accessCodes.simulate.createUnmanagedAccessCode({ device_id: deviceId, code: '615243', name: 'Owner' })
    const refused = await refusal({ device_id: deviceId, fault: 'code_modified_external_to_seam' })
    expect(failure(refused)).toEqual({ status: 400, type: 'no_managed_codes_on_keypad' })
    expect(refused.message).toContain('Lockly lock has none')
    expect([...(await keypadPins(deviceId)).values()].map((e) => e.code)).toEqual(['615243'])
  })
})

describe('/devices/get and /devices/list on a sandbox lock', () => {
  it('list every fault the brand can have, none active, and what the brand connects through', async () => {
    for (const provider of ['august', 'smartthings', 'lockly']) {
      const deviceId = deviceOf(provider)
      const device = (await getDevice(deviceId)) as SandboxDeviceView
      const faults = device.properties.sandbox_faults ?? []
      expect(faults.map((f) => f.fault)).toEqual(faultsPossibleOn(provider).map((f) => f.code))
      expect(faults.every((f) => f.active === null)).toBe(true)
      expect(device.properties.connects_through).toEqual(profileOf(provider).connectsThrough)
    }
    const faults = await sandboxFaultsOf(deviceOf('august'))
    expect(faults.find((f) => f.fault === 'august_device_programming_delay')).toEqual({
      fault: 'august_device_programming_delay',
      produces: { errors: ['august_device_programming_delay'], warnings: ['august_device_programming_delay'] },
      lasts: 'operations',
      lock_does: 'takes the code but has not moved it to the keypad yet',
      clears: 'the lock confirms a later request (the warning turns into the error if it keeps happening)',
      active: null,
    })
    expect(faults.some((f) => f.fault === 'schlage_creation_outage')).toBe(false)
    const hub = (await getDevice(deviceOf('smartthings'))) as SandboxDeviceView
    expect(hub.properties.connects_through).toEqual({ kind: 'hub', name: expect.any(String) })
  })

  it('show the active faults, operations added up, on get and on list; clear_faults empties them', async () => {
    const august = deviceOf('august')
    const lockly = deviceOf('lockly')
    await fault({ device_id: august, fault: 'failed_to_set_on_device', operations: 2 })
    await fault({ device_id: august, fault: 'failed_to_set_on_device', operations: 3 })
    await fault({ device_id: august, fault: 'august_lock_missing_keypad' })
    await fault({ device_id: august, fault: 'august_lock_missing_keypad' })
    await fault({ device_id: lockly, fault: 'no_space_for_access_code_on_device' })
    expect(await faultRows(august)).toEqual([
      { fault: 'august_lock_missing_keypad', operations_left: null },
      { fault: 'failed_to_set_on_device', operations_left: 5 },
    ])
    expect(activeOf(await sandboxFaultsOf(august))).toEqual({
      august_lock_missing_keypad: { operations_left: null },
      failed_to_set_on_device: { operations_left: 5 },
    })
    const { devices } = await http.ok<{ devices: SandboxDeviceView[] }>('/devices/list', {})
    const active = Object.fromEntries(devices.map((d) => [d.device_id, activeOf(d.properties.sandbox_faults ?? [])]))
    expect(active[august]).toEqual({
      august_lock_missing_keypad: { operations_left: null },
      failed_to_set_on_device: { operations_left: 5 },
    })
    expect(active[lockly]).toEqual({ no_space_for_access_code_on_device: { operations_left: 1 } })
    expect(active[deviceOf('schlage')]).toEqual({})

    await clearFaults(august)
    await clearFaults(august) // nothing left to clear: still fine
    expect(await faultRows(august)).toEqual([])
    expect(activeOf(await sandboxFaultsOf(august))).toEqual({})
    expect(await faultRows(lockly)).toEqual([{ fault: 'no_space_for_access_code_on_device', operations_left: 1 }])
  })
})

describe('a fault the lock side reads', () => {
  it('failed_to_set_on_device for 3 operations: the error appears after the third refusal and goes with the 4th try', async () => {
    const deviceId = deviceOf('lockly')
    await fault({ device_id: deviceId, fault: 'failed_to_set_on_device', operations: 3 })
    const { access_code } = await createCode({ device_id: deviceId, code: '615243' })
    const id = access_code.access_code_id
    await settle()
    await advance(5 * SECOND)
    expect(await stateOf(id)).toEqual({ status: 'setting', errors: [], warnings: [] })
    await advance(10 * SECOND)
    expect(await stateOf(id)).toEqual({ status: 'setting', errors: ['failed_to_set_on_device'], warnings: [] })
    expect(await faultRows(deviceId)).toEqual([])
    await advance(20 * SECOND)
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
  })

  it('management_transferred: on the lock’s codes after the pass it asks for, gone after clear_faults', async () => {
    const deviceId = deviceOf('smartthings')
    const { id } = await setCode(deviceId, '4821')
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    await fault({ device_id: deviceId, fault: 'management_transferred' })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: ['management_transferred'] })
    expect(activeOf(await sandboxFaultsOf(deviceId))).toEqual({ management_transferred: { operations_left: null } })
    await clearFaults(deviceId)
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
  })

  it('code_modified_external_to_seam: the most recent of Latchkey’s codes gets a new PIN on the keypad, then its own back', async () => {
    const deviceId = deviceOf('kwikset')
    const older = await setCode(deviceId, '4826')
    clock.advance(SECOND)
    const newer = await setCode(deviceId, '7395')
    await fault({ device_id: deviceId, fault: 'code_modified_external_to_seam' })
    const keypad = await keypadPins(deviceId)
    expect(keypad.get(older.entry)?.code).toBe('4826')
    const changed = keypad.get(newer.entry)?.code ?? ''
    expect(changed).not.toBe('7395')
    expect(changed).toHaveLength(4) // the same length, and a PIN the lock accepts
    expect(changed).toMatch(/^\d{4}$/)
    expect(new Set(changed).size).toBeGreaterThan(1)
    // The pass it asks for finds the change and puts Latchkey's PIN back.
    await settle()
    expect(await stateOf(newer.id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await codeEvents(newer.id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
      'access_code.set_on_device',
    ])
    expect((await keypadPins(deviceId)).get(newer.entry)?.code).toBe('7395')
    expect(await stateOf(older.id)).toEqual({ status: 'set', errors: [], warnings: [] })

    // Asked for more codes than the keypad has of Latchkey's: every one of them is changed.
    await fault({ device_id: deviceId, fault: 'code_modified_external_to_seam', operations: 5 })
    const after = await keypadPins(deviceId)
    expect(after.get(older.entry)?.code).not.toBe('4826')
    expect(after.get(newer.entry)?.code).not.toBe('7395')
  })

  it('ultraloq_access_code_disabled: the entry is switched off on the keypad until clear_faults', async () => {
    const deviceId = await addSandboxDevice(store.db, clock, {
      workspaceId: workspace.workspace_id,
      propertyId: workspace.property_id,
      profile: profileOf('ultraloq'),
      displayName: 'Ultraloq lock',
    })
    const { id, entry } = await setCode(deviceId)
    const pin = (await keypadPins(deviceId)).get(entry)?.code
    await fault({ device_id: deviceId, fault: 'ultraloq_access_code_disabled' })
    expect((await keypadPins(deviceId)).get(entry)).toEqual({ code: pin, disabled: 1 })
    expect(activeOf(await sandboxFaultsOf(deviceId))).toEqual({
      ultraloq_access_code_disabled: { operations_left: null },
    })
    await settle()
    expect((await stateOf(id)).warnings).toEqual(['ultraloq_access_code_disabled'])
    await clearFaults(deviceId)
    expect((await keypadPins(deviceId)).get(entry)).toEqual({ code: pin, disabled: 0 })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    // Once its only code is switched off, the lock has none left to switch off.
    await fault({ device_id: deviceId, fault: 'ultraloq_access_code_disabled' })
    expect(failure(await refusal({ device_id: deviceId, fault: 'ultraloq_access_code_disabled' }))).toEqual({
      status: 400,
      type: 'no_managed_codes_on_keypad',
    })
  })
})

describe('simulation faults', () => {
  it('device_offline: the lock goes offline, and clear_faults brings it back', async () => {
    const deviceId = deviceOf('igloohome')
    const { id } = await setCode(deviceId, '482913')
    await fault({ device_id: deviceId, fault: 'device_offline' })
    const offline = await getDevice(deviceId)
    expect(offline.properties.online).toBe(false)
    expect(offline.errors.map((e) => e.error_code)).toEqual(['device_offline'])
    await settle()
    expect((await stateOf(id)).errors).toEqual(['device_offline'])
    expect(await faultRows(deviceId)).toEqual([{ fault: 'device_offline', operations_left: null }])

    await clearFaults(deviceId)
    expect((await getDevice(deviceId)).properties.online).toBe(true)
    expect(await deviceEvents(deviceId)).toEqual(['device.added', 'device.disconnected', 'device.connected'])
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
  })

  it('account_disconnected: the account disconnects, and clear_faults connects it again', async () => {
    const deviceId = deviceOf('yale')
    const { id } = await setCode(deviceId, '4826')
    await fault({ device_id: deviceId, fault: 'account_disconnected' })
    const device = await getDevice(deviceId)
    expect(device.errors.map((e) => e.error_code)).toEqual(['account_disconnected'])
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'unknown', errors: ['account_disconnected'], warnings: [] })
    await clearFaults(deviceId)
    expect((await getDevice(deviceId)).errors).toEqual([])
    const accountEvents = await eventsWhere({ connected_account_id: device.connected_account_id })
    expect(accountEvents.map((e) => e.event_type).filter((t) => t.startsWith('connected_account.'))).toEqual([
      'connected_account.disconnected',
      'connected_account.connected',
    ])
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
  })

  it('clear_faults leaves alone an account disconnected by another simulation', async () => {
    const deviceId = deviceOf('schlage')
    const device = await getDevice(deviceId)
    await http.ok('/connected_accounts/simulate/disconnect', { connected_account_id: device.connected_account_id })
    await clearFaults(deviceId)
    expect((await getDevice(deviceId)).errors.map((e) => e.error_code)).toEqual(['account_disconnected'])
  })

  it('device_removed: the lock is gone for good; clear_faults on it still answers', async () => {
    const deviceId = deviceOf('ttlock')
    const { id } = await setCode(deviceId, '482913')
    await fault({ device_id: deviceId, fault: 'device_removed' })
    expect(failure(await http.fail('/devices/get', { device_id: deviceId }))).toEqual({
      status: 404,
      type: 'device_not_found',
    })
    await settle()
    const code = (await http.ok<{ access_code: AccessCodeView }>('/access_codes/get', { access_code_id: id }))
      .access_code
    expect(code.errors.map((e) => e.error_code)).toEqual(['device_removed'])
    await clearFaults(deviceId)
    expect(failure(await http.fail('/devices/get', { device_id: deviceId }))).toEqual({
      status: 404,
      type: 'device_not_found',
    })
    expect(failure(await refusal({ device_id: deviceId, fault: 'device_offline' }))).toEqual({
      status: 404,
      type: 'device_not_found',
    })
  })
})

// ---- README's fault table, kept in step with the table in lib/locks/sandbox-faults.ts

const README = path.resolve(import.meta.dirname, '../../../README.md')

const ticks = (codes: readonly string[]) => codes.map((c) => `\`${c}\``).join(', ')

const brandsCell = (brands: readonly string[] | 'every') => (brands === 'every' ? 'every brand' : ticks(brands))

function showsCell(f: SandboxFault): string {
  const where = {
    refuse: f.effect.type === 'refuse' && f.effect.on === 'remove' ? 'the code being removed' : 'the code being set',
    stall: f.effect.type === 'stall' && f.effect.on === 'remove' ? 'the code being removed' : 'the code being set',
    unreachable: 'every code of the lock',
    condition: 'every code of the lock',
    simulation: 'every code of the lock',
    modify_entries: 'each changed code',
    disable_entries: 'each switched-off code',
  }[f.effect.type]
  const parts = [
    ...(f.produces.warnings.length > 0 ? [`warning ${ticks(f.produces.warnings)}`] : []),
    ...(f.produces.errors.length > 0 ? [`error ${ticks(f.produces.errors)}`] : []),
  ]
  return `${parts.join(', ')} on ${where}`
}

const LASTS = { operations: '`operations` (default 1)', until_cleared: 'until `clear_faults`', permanent: 'for good' }

/** The README row of a fault, exactly (a failing test prints it). */
const readmeRow = (f: SandboxFault): string =>
  `| \`${f.code}\` | ${brandsCell(f.brands)} | ${f.lockDoes} | ${showsCell(f)} | ${f.clears} | ${LASTS[f.lasts]} |`

describe('README', () => {
  const readme = readFileSync(README, 'utf8')
  const rows = new Map(
    readme
      .split('\n')
      .filter((line) => /^\| `[a-z0-9_]+` \|/.test(line))
      .map((line) => [/^\| `([a-z0-9_]+)`/.exec(line)?.[1] ?? '', line]),
  )

  it('has a row for every fault of the table, with its brands, what the lock does and shows, and how it clears', () => {
    for (const f of sandboxFaults) expect(rows.get(f.code), `README row of ${f.code}`).toBe(readmeRow(f))
  })

  it('names how to produce the codes that are not lock faults', () => {
    for (const f of notALockFaults) {
      expect(rows.get(f.code), `README row of ${f.code}`).toBe(
        `| \`${f.code}\` | ${brandsCell(f.brands)} | ${f.kind}: ${f.how} |`,
      )
    }
  })

  it('lists both endpoints', () => {
    for (const endpoint of ['`/devices/simulate/fault`', '`/devices/simulate/clear_faults`'])
      expect(readme.includes(endpoint), endpoint).toBe(true)
  })
})
