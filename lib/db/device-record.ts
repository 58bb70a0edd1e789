import 'server-only'
import type { Kysely } from 'kysely'
import { prepared } from '@/lib/db/prepared'
import type { Database } from '@/lib/db/schema'
import { fromBool, parseJson } from '@/lib/db/values'
import type { CodeConstraint } from '@/lib/schemas/device'

/**
 * An issue the lock reported about itself when the reconciler last looked: a condition it reports with a read, or the
 * reason its maker gives for it not being reachable. `kind` is as the lock's codes show it (a warning the spec also has
 * as an error turns into it after the delay threshold); `createdAt` is when it was first seen, and stays while the lock
 * keeps reporting it.
 */
export interface ReportedDeviceIssue {
  code: string
  kind: 'error' | 'warning'
  createdAt: string
}

/** A lock as the services, the reconciler and the lock providers read it. */
export interface DeviceRecord {
  deviceId: string
  workspaceId: string
  propertyId: string
  propertyName: string
  timezone: string
  connectedAccountId: string
  accountConnected: boolean
  provider: string
  deviceType: string
  displayName: string
  manufacturer: string
  modelName: string
  isSandbox: boolean
  online: boolean
  batteryLevel: number | null
  supportedCodeLengths: number[]
  maxActiveCodes: number
  codeConstraints: CodeConstraint[]
  supportsBackupPool: boolean
  backupPoolSize: number
  canProgramOnlineCodes: boolean
  canProgramOfflineCodes: boolean
  supportsNativeScheduling: boolean
  accessCodesVersion: number
  /** What the lock last reported about itself (devices.reported_issues); plain unreachability is `online`. */
  reportedIssues: ReportedDeviceIssue[]
  createdAt: string
  removedAt: string | null
}

/** Devices with their property and account, removed ones included (the lock side still has to wind them up). */
export function selectDevicesIncludingRemoved(db: Kysely<Database>) {
  return db
    .selectFrom('devices')
    .innerJoin('properties', 'properties.property_id', 'devices.property_id')
    .innerJoin('connected_accounts', 'connected_accounts.connected_account_id', 'devices.connected_account_id')
    .selectAll('devices')
    .select(['properties.name as property_name', 'properties.timezone', 'connected_accounts.is_connected'])
}

export function selectDevices(db: Kysely<Database>) {
  return selectDevicesIncludingRemoved(db).where('devices.removed_at', 'is', null)
}

type DeviceRow = Awaited<ReturnType<ReturnType<typeof selectDevices>['executeTakeFirstOrThrow']>>

export function toDeviceRecord(row: DeviceRow): DeviceRecord {
  return {
    deviceId: row.device_id,
    workspaceId: row.workspace_id,
    propertyId: row.property_id,
    propertyName: row.property_name,
    timezone: row.timezone,
    connectedAccountId: row.connected_account_id,
    accountConnected: fromBool(row.is_connected),
    provider: row.provider,
    deviceType: row.device_type,
    displayName: row.display_name,
    manufacturer: row.manufacturer,
    modelName: row.model_name,
    isSandbox: fromBool(row.is_sandbox),
    online: fromBool(row.online),
    batteryLevel: row.battery_level,
    supportedCodeLengths: parseJson<number[]>(row.supported_code_lengths, []),
    maxActiveCodes: row.max_active_codes_supported,
    codeConstraints: parseJson<CodeConstraint[]>(row.code_constraints, []),
    supportsBackupPool: fromBool(row.supports_backup_access_code_pool),
    backupPoolSize: row.backup_pool_size,
    canProgramOnlineCodes: fromBool(row.can_program_online_access_codes),
    canProgramOfflineCodes: fromBool(row.can_program_offline_access_codes),
    supportsNativeScheduling: fromBool(row.supports_native_scheduling),
    accessCodesVersion: Number(row.access_codes_version),
    reportedIssues: parseReportedIssues(row.reported_issues),
    createdAt: row.created_at,
    removedAt: row.removed_at,
  }
}

/** devices.reported_issues as stored: written by reportedIssuesJson only. */
interface StoredDeviceIssue {
  code: string
  kind: 'error' | 'warning'
  created_at: string
}

function parseReportedIssues(json: string): ReportedDeviceIssue[] {
  return parseJson<StoredDeviceIssue[]>(json, []).map((i) => ({ code: i.code, kind: i.kind, createdAt: i.created_at }))
}

/** devices.reported_issues for these issues, in the order given. */
export function reportedIssuesJson(issues: readonly ReportedDeviceIssue[]): string {
  const stored: StoredDeviceIssue[] = issues.map((i) => ({ code: i.code, kind: i.kind, created_at: i.createdAt }))
  return JSON.stringify(stored)
}
/** Every write to a device's codes bumps its version in the same transaction; cached lists key on it. */
export async function bumpAccessCodesVersion(db: Kysely<Database>, deviceIds: readonly string[]): Promise<void> {
  if (deviceIds.length === 0) return
  await bumpVersions(db, { deviceIds: [...new Set(deviceIds)] })
}

const bumpVersions = prepared((db, p: { deviceIds: string[] }) =>
  db
    .updateTable('devices')
    .set((eb) => ({ access_codes_version: eb('access_codes_version', '+', 1) }))
    .where('device_id', 'in', p.deviceIds),
)
