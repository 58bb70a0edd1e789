import 'server-only'
import type { DeviceRecord } from '@/lib/db/device-record'
import { faultsPossibleOn } from '@/lib/locks/sandbox-faults'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import { batteryStatus } from '@/lib/shared/battery'
import type { Device, SandboxFaultView } from '@/lib/schemas/device'

/** Fault code → lock operations it still affects (null: until cleared), for the faults a sandbox lock has now. */
export type ActiveFaults = ReadonlyMap<string, number | null>

const NO_FAULTS: ActiveFaults = new Map()

// The faults a brand can have never change: built once per provider, then only `active` differs from lock to lock.
const possibleFaults = new Map<string, readonly Omit<SandboxFaultView, 'active'>[]>()

function possibleFaultsOf(provider: string): readonly Omit<SandboxFaultView, 'active'>[] {
  let views = possibleFaults.get(provider)
  if (views === undefined) {
    views = faultsPossibleOn(provider).map((f) => ({
      fault: f.code,
      produces: { errors: [...f.produces.errors], warnings: [...f.produces.warnings] },
      lasts: f.lasts,
      lock_does: f.lockDoes,
      clears: f.clears,
    }))
    possibleFaults.set(provider, views)
  }
  return views
}

function sandboxProperties(device: DeviceRecord, active: ActiveFaults) {
  return {
    sandbox_faults: possibleFaultsOf(device.provider).map((f) => {
      const left = active.get(f.fault)
      return { ...f, active: left === undefined ? null : { operations_left: left } }
    }),
    connects_through: profileFor(device.provider)?.connectsThrough ?? null,
  }
}

/** The device in Seam's shape; a sandbox lock also lists its possible faults, with those `active` now. */
export function toDeviceObject(device: DeviceRecord, activeFaults: ActiveFaults = NO_FAULTS): Device {
  const errors: Device['errors'] = []
  if (!device.accountConnected) {
    errors.push({
      error_code: 'account_disconnected',
      message: 'The account this lock is connected through is disconnected.',
      is_connected_account_error: true,
      is_device_error: false,
      created_at: device.createdAt,
    })
  } else if (!device.online) {
    errors.push({
      error_code: 'device_offline',
      message: 'The lock is offline.',
      is_device_error: true,
      created_at: device.createdAt,
    })
  }
  const battery: Device['properties']['battery'] =
    device.batteryLevel === null
      ? undefined
      : {
          level: device.batteryLevel,
          status: batteryStatus(device.batteryLevel),
        }
  return {
    device_id: device.deviceId,
    device_type: device.deviceType,
    display_name: device.displayName,
    nickname: device.displayName,
    workspace_id: device.workspaceId,
    connected_account_id: device.connectedAccountId,
    space_ids: [device.propertyId],
    created_at: device.createdAt,
    is_managed: true,
    custom_metadata: {},
    capabilities_supported: ['access_code', 'lock'],
    location: { location_name: device.propertyName, timezone: device.timezone },
    errors,
    warnings: [],
    can_program_online_access_codes: device.canProgramOnlineCodes,
    can_program_offline_access_codes: device.canProgramOfflineCodes,
    can_remotely_lock: true,
    can_remotely_unlock: true,
    can_unlock_with_code: true,
    can_simulate_connection: device.isSandbox,
    can_simulate_disconnection: device.isSandbox,
    can_simulate_removal: device.isSandbox,
    device_provider: {
      device_provider_name: device.provider,
      display_name: device.provider,
      provider_category: 'stable',
    },
    properties: {
      name: device.displayName,
      online: device.online,
      appearance: { name: device.displayName },
      manufacturer: device.manufacturer,
      model: {
        display_name: device.modelName,
        manufacturer_display_name: device.manufacturer,
        can_connect_accessory_keypad: false,
        has_built_in_keypad: true,
        offline_access_codes_supported: device.canProgramOfflineCodes,
        online_access_codes_supported: device.canProgramOnlineCodes,
      },
      ...(battery ? { battery, battery_level: battery.level } : {}),
      locked: true,
      supported_code_lengths: device.supportedCodeLengths,
      max_active_codes_supported: device.maxActiveCodes,
      code_constraints: device.codeConstraints,
      supports_backup_access_code_pool: device.supportsBackupPool,
      supports_offline_access_codes: device.canProgramOfflineCodes,
      offline_access_codes_enabled: device.canProgramOfflineCodes,
      online_access_codes_enabled: device.canProgramOnlineCodes,
      has_native_entry_events: false,
      ...(device.isSandbox ? sandboxProperties(device, activeFaults) : {}),
    },
  }
}
