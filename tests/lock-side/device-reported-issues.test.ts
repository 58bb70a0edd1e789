// What a lock reports about itself (its conditions, or the reason its maker gives for it being out of reach) reaches
// the device: the reconciler keeps it on the device row (devices.reported_issues), /devices/get and /devices/list
// show it in Seam's device shape, and the lock page shows it in the catalogue's words.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { getAccessCode } from '@/lib/access-codes/list-access-codes'
import { loadLockPage } from '@/lib/dashboard/lock-page'
import { getDevice, listDevices } from '@/lib/devices/list-devices'
import { simulateAccountConnection, simulateDisconnect } from '@/lib/devices/simulate-device'
import { clearFaults, simulateFault } from '@/lib/devices/simulate-fault'
import { listEvents } from '@/lib/events/list-events'
import { sandboxFaults } from '@/lib/locks/sandbox-faults'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { listDevicesInput, type Device } from '@/lib/schemas/device'
import { openLockHarness, type LockHarness } from '@/tests/support/lock-harness'
import { expectSeamShape } from '@/tests/support/seam-schemas'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

let h: LockHarness
beforeEach(async () => {
  h = await openLockHarness({ devices: sandboxLockProfiles.length })
})
afterEach(async () => {
  await h.close()
})

/** /devices/get, checked against Seam's published device schema. */
async function device(deviceId: string): Promise<Device> {
  const found = await getDevice(h.ctx, { device_id: deviceId })
  expectSeamShape('device', found)
  return found
}
const onDevice = (d: Device) => ({
  errors: d.errors.map((e) => e.error_code),
  warnings: d.warnings.map((w) => w.warning_code),
})
/** What the lock page lists under "What the lock reports". */
async function pageReports(deviceId: string) {
  const { reports } = (await loadLockPage(h.ctx, deviceId)).lock
  return { errors: reports.errors.map((e) => e.error_code), warnings: reports.warnings.map((w) => w.warning_code) }
}
const storedReports = async (deviceId: string): Promise<string> =>
  (
    await h.db
      .selectFrom('devices')
      .select('reported_issues')
      .where('device_id', '=', deviceId)
      .executeTakeFirstOrThrow()
  ).reported_issues
const firstBrand = (brands: readonly string[] | 'every'): string => (brands === 'every' ? 'august' : (brands[0] ?? ''))

/**
 * How each fault of the whole lock (effects `unreachable` and `condition`) shows on Seam's device object, whose
 * codes are a list of their own: the same code, a device code that says the same thing, or nothing.
 */
const onTheDevice: Record<string, { errors: string[]; warnings: string[] }> = {
  device_disconnected: { errors: ['device_disconnected'], warnings: [] },
  management_transferred: { errors: [], warnings: [] },
  august_lock_temporarily_offline: { errors: ['device_offline'], warnings: [] },
  august_lock_missing_keypad: { errors: [], warnings: [] },
  august_lock_missing_bridge: { errors: ['august_lock_missing_bridge'], warnings: [] },
  august_lock_not_authorized: { errors: ['august_lock_not_authorized'], warnings: [] },
  third_party_integration_detected: { errors: [], warnings: ['third_party_integration_detected'] },
  hub_disconnected: { errors: ['hub_disconnected'], warnings: [] },
  kwikset_insufficient_permissions: { errors: [], warnings: [] },
  igloohome_bridge_offline: { errors: ['hub_disconnected'], warnings: [] },
  subscription_required: { errors: ['subscription_required'], warnings: [] },
  salto_ks_subscription_limit_exceeded: { errors: ['salto_ks_subscription_limit_exceeded'], warnings: [] },
  bridge_disconnected: { errors: ['bridge_disconnected'], warnings: [] },
  keynest_unsupported_third_party_locker: { errors: [], warnings: ['keynest_unsupported_locker'] },
  lockly_missing_wifi_bridge: { errors: ['lockly_missing_wifi_bridge'], warnings: [] },
  ttlock_lock_not_paired_to_gateway: { errors: ['ttlock_lock_not_paired_to_gateway'], warnings: [] },
  missing_device_credentials: { errors: ['missing_device_credentials'], warnings: [] },
}
const lockFaults = sandboxFaults.filter((f) => f.effect.type === 'unreachable' || f.effect.type === 'condition')

describe('the device shows what the lock reports about itself', () => {
  it('covers every fault of the whole lock', () => {
    expect(Object.keys(onTheDevice).sort()).toEqual(lockFaults.map((f) => f.code).sort())
  })

  it.each(lockFaults.map((f) => [f.code, firstBrand(f.brands)] as const))(
    '%s on %s: shown in Seam’s device shape while the lock reports it, gone once it stops',
    async (fault, brand) => {
      const lock = h.deviceOf(brand)
      // No PIN given: the lock's rules (or the lock itself) choose one.
      await createAccessCode(h.ctx, { device_id: lock, name: 'Cleaner' })
      await h.settle()
      await simulateFault(h.ctx, { device_id: lock, fault })
      await h.settle()

      expect(onDevice(await device(lock))).toEqual(onTheDevice[fault])
      // The lock page names what the lock reports, also when Seam's device object has no code for it.
      const page = await pageReports(lock)
      expect([...page.errors, ...page.warnings]).toEqual([fault])
      const listed = (await listDevices(h.ctx, listDevicesInput.parse({ device_ids: [lock] }))).devices
      expect(listed.map(onDevice)).toEqual([onTheDevice[fault]])

      await clearFaults(h.ctx, lock)
      await h.settle()
      expect(onDevice(await device(lock))).toEqual({ errors: [], warnings: [] })
      expect(await pageReports(lock)).toEqual({ errors: [], warnings: [] })
      expect(await storedReports(lock)).toBe('[]')
    },
  )

  it('carries Seam’s flags: the device, its account, or a bridge', async () => {
    const flags = async (brand: string, fault: string) => {
      const lock = h.deviceOf(brand)
      await simulateFault(h.ctx, { device_id: lock, fault })
      await h.settle()
      const [error] = (await device(lock)).errors
      return error
    }
    const since = h.clock.now().toISOString()
    expect(await flags('smartthings', 'hub_disconnected')).toEqual({
      error_code: 'hub_disconnected',
      message: 'Hub is disconnected.',
      is_device_error: true,
      created_at: since,
    })
    expect(await flags('salto_ks', 'salto_ks_subscription_limit_exceeded')).toEqual({
      error_code: 'salto_ks_subscription_limit_exceeded',
      message: 'Salto site user limit has been reached.',
      is_connected_account_error: true,
      is_device_error: false,
      created_at: since,
    })
    expect(await flags('hubitat', 'hub_disconnected')).toMatchObject({ is_device_error: true })
    const bridge = h.deviceOf('salto_ks')
    await clearFaults(h.ctx, bridge)
    expect(await flags('salto_ks', 'bridge_disconnected')).toEqual({
      error_code: 'bridge_disconnected',
      message: 'Unable to communicate with the bridge.',
      is_bridge_error: true,
      is_connected_account_error: true,
      created_at: since,
    })
  })

  it('keeps when it was first reported, and writes the device row only when the report changes', async () => {
    const lock = h.deviceOf('august')
    const since = h.clock.now().toISOString()
    await simulateFault(h.ctx, { device_id: lock, fault: 'third_party_integration_detected' })
    await h.settle()
    expect(JSON.parse(await storedReports(lock))).toEqual([
      { code: 'third_party_integration_detected', kind: 'warning', created_at: since },
    ])

    // Stored as another text with the same content: a pass that finds the same report leaves it alone.
    const sameReport = `[ { "code": "third_party_integration_detected", "kind": "warning", "created_at": "${since}" } ]`
    await h.db.updateTable('devices').set({ reported_issues: sameReport }).where('device_id', '=', lock).execute()
    await createAccessCode(h.ctx, { device_id: lock, code: '2749' })
    await h.settle()
    await h.advance(HOUR)
    expect(await storedReports(lock)).toBe(sameReport)

    // A second condition is added to the list; the first keeps its time.
    await simulateFault(h.ctx, { device_id: lock, fault: 'august_lock_missing_keypad' })
    await h.settle()
    const later = h.clock.now().toISOString()
    expect(JSON.parse(await storedReports(lock))).toEqual([
      { code: 'august_lock_missing_keypad', kind: 'error', created_at: later },
      { code: 'third_party_integration_detected', kind: 'warning', created_at: since },
    ])
    expect((await device(lock)).warnings).toEqual([
      { warning_code: 'third_party_integration_detected', message: expect.any(String), created_at: since },
    ])
  })

  it('a warning the spec also has as an error turns into it after the delay, on a lock without codes too', async () => {
    const lock = h.deviceOf('yale')
    const since = h.clock.now().toISOString()
    await simulateFault(h.ctx, { device_id: lock, fault: 'august_lock_temporarily_offline' })
    await h.settle()
    expect(await pageReports(lock)).toEqual({ errors: [], warnings: ['august_lock_temporarily_offline'] })
    // Seam's device has no such code: the lock is offline, for the device object.
    expect((await device(lock)).errors).toEqual([
      { error_code: 'device_offline', message: 'Device is offline.', is_device_error: true, created_at: since },
    ])

    await h.advance(5 * MINUTE - 1)
    expect(await pageReports(lock)).toEqual({ errors: [], warnings: ['august_lock_temporarily_offline'] })
    await h.advance(1)
    expect(await pageReports(lock)).toEqual({ errors: ['august_lock_temporarily_offline'], warnings: [] })
    expect(JSON.parse(await storedReports(lock))).toEqual([
      { code: 'august_lock_temporarily_offline', kind: 'error', created_at: since },
    ])
  })

  it('a plain offline lock is `online: false` with device_offline once, and its account disconnected hides the rest', async () => {
    const lock = h.deviceOf('smartthings')
    await simulateFault(h.ctx, { device_id: lock, fault: 'third_party_integration_detected' })
    await h.settle()
    await simulateDisconnect(h.ctx, lock)
    await h.settle()
    // Out of reach for no reason the maker names: what it reported before is no longer known.
    const offline = await device(lock)
    expect(offline.properties.online).toBe(false)
    expect(onDevice(offline)).toEqual({ errors: ['device_offline'], warnings: [] })
    expect(await storedReports(lock)).toBe('[]')

    await clearFaults(h.ctx, lock)
    await simulateFault(h.ctx, { device_id: lock, fault: 'hub_disconnected' })
    await h.settle()
    expect(onDevice(await device(lock))).toEqual({ errors: ['hub_disconnected'], warnings: [] })
    const { connected_account_id } = await device(lock)
    await simulateAccountConnection(h.ctx, connected_account_id, false)
    await h.settle()
    expect(onDevice(await device(lock))).toEqual({ errors: ['account_disconnected'], warnings: [] })
    expect(await pageReports(lock)).toEqual({ errors: [], warnings: [] })
  })
})

describe('a code waiting for the lock to assign its PIN', () => {
  it('that ends before it gets one is deleted with code null, not an empty PIN', async () => {
    const lock = h.deviceOf('keynest')
    await simulateDisconnect(h.ctx, lock)
    const at = (offset: number) => new Date(h.clock.now().getTime() + offset).toISOString()
    const created = await createAccessCode(h.ctx, {
      device_id: lock,
      name: 'Key pick-up',
      starts_at: at(-HOUR),
      ends_at: at(HOUR),
    })
    const id = created.access_code.access_code_id
    await h.settle()
    expect(await getAccessCode(h.ctx, { access_code_id: id })).toMatchObject({
      code: null,
      is_waiting_for_code_assignment: true,
    })

    await h.advance(HOUR)
    const events = await listEvents(h.ctx, { since: '2000-01-01T00:00:00.000Z', access_code_id: id, limit: 50 })
    const deleted = events.filter((e) => e.event_type === 'access_code.deleted')
    expect(deleted).toHaveLength(1)
    expect(deleted[0]).toMatchObject({ code: null })
  })
})
