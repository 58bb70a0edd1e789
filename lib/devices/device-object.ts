import 'server-only'
import type { DeviceRecord, ReportedDeviceIssue } from '@/lib/db/device-record'
import { faultsPossibleOn } from '@/lib/locks/sandbox-faults'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import { batteryStatus } from '@/lib/shared/battery'
import { describeIssue, issueObject } from '@/lib/shared/issue-catalogue'
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

/**
 * Seam's device object has a closed list of error and warning codes of its own, smaller than the access code's. An
 * issue the lock reports about itself shows on the device under its own code where that list has it: the errors the
 * catalogue scopes to the device, its account or a bridge, and the warning below. A few access-code codes have a
 * device code that says the same thing (DEVICE_STAND_INS). The rest (august_lock_missing_keypad,
 * kwikset_insufficient_permissions, management_transferred) have none: they show on every code of the lock, and on
 * the lock page, but not here.
 */
const DEVICE_WARNINGS: ReadonlySet<string> = new Set(['third_party_integration_detected'])
const DEVICE_STAND_INS: Readonly<Record<string, { code: string; kind: 'error' | 'warning'; message?: string }>> = {
  // The igloohome Bridge is the hub the lock reaches the internet through.
  igloohome_bridge_offline: { code: 'hub_disconnected', kind: 'error' },
  august_lock_temporarily_offline: { code: 'device_offline', kind: 'error' },
  keynest_unsupported_third_party_locker: {
    code: 'keynest_unsupported_locker',
    kind: 'warning',
    message: 'The key is in a locker that does not support access codes.',
  },
}

type DeviceError = Device['errors'][number]
type DeviceWarning = Device['warnings'][number]

/** How one issue the lock reports appears on Seam's device object, if it has a code for it. */
function onTheDevice(issue: ReportedDeviceIssue): { error: DeviceError } | { warning: DeviceWarning } | undefined {
  const standIn = DEVICE_STAND_INS[issue.code]
  const code = standIn?.code ?? issue.code
  const kind = standIn?.kind ?? issue.kind
  if (kind === 'warning') {
    if (standIn === undefined && !DEVICE_WARNINGS.has(code)) return undefined
    const message = standIn?.message ?? describeIssue('warning', code).message
    return { warning: { warning_code: code, message, created_at: issue.createdAt } }
  }
  if (describeIssue('error', code).scope === 'access_code') return undefined
  // The catalogue's scope gives the flags Seam's device variants carry (is_device_error, is_connected_account_error,
  // is_bridge_error).
  return { error: { ...issueObject('error', code, issue.createdAt), error_code: code } }
}

/**
 * The device's errors and warnings: its account disconnected (then nothing else is known), offline, and what the
 * lock reported about itself when the lock side last looked (DeviceRecord.reportedIssues). Each code once.
 */
function deviceIssues(device: DeviceRecord): { errors: DeviceError[]; warnings: DeviceWarning[] } {
  if (!device.accountConnected) {
    return {
      errors: [
        {
          error_code: 'account_disconnected',
          message: 'The account this lock is connected through is disconnected.',
          is_connected_account_error: true,
          is_device_error: false,
          created_at: device.createdAt,
        },
      ],
      warnings: [],
    }
  }
  const errors: DeviceError[] = []
  const warnings: DeviceWarning[] = []
  if (!device.online) {
    errors.push({
      error_code: 'device_offline',
      message: 'The lock is offline.',
      is_device_error: true,
      created_at: device.createdAt,
    })
  }
  for (const issue of device.reportedIssues) {
    const shown = onTheDevice(issue)
    if (shown === undefined) continue
    if ('error' in shown) {
      if (!errors.some((e) => e.error_code === shown.error.error_code)) errors.push(shown.error)
    } else if (!warnings.some((w) => w.warning_code === shown.warning.warning_code)) warnings.push(shown.warning)
  }
  return { errors, warnings }
}

/** The device in Seam's shape; a sandbox lock also lists its possible faults, with those `active` now. */
export function toDeviceObject(device: DeviceRecord, activeFaults: ActiveFaults = NO_FAULTS): Device {
  const { errors, warnings } = deviceIssues(device)
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
    warnings,
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
