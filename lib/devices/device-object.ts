import 'server-only'
import type { DeviceRecord } from '@/lib/db/device-record'
import { batteryStatus } from '@/lib/shared/battery'
import type { Device } from '@/lib/schemas/device'

/** The device in Seam's shape. */
export function toDeviceObject(device: DeviceRecord): Device {
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
    },
  }
}
