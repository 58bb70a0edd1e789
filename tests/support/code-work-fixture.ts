// Rows, devices and keypad entries for the reconciler's pure planning functions (lib/sync/plan-code.ts,
// lib/sync/next-due.ts, lib/sync/code-work.ts), built in memory: no store, no lock.
import type { DeviceRecord } from '@/lib/db/device-record'
import type { AccessCodeRow } from '@/lib/db/schema'
import type { KeypadCode } from '@/lib/locks/lock-provider'
import { CodeWork } from '@/lib/sync/code-work'
import type { PendingActionAttempt } from '@/lib/action-attempts/action-attempts'

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const NOW = new Date('2030-05-01T12:00:00.000Z')
export const at = (offsetMs: number): string => new Date(NOW.getTime() + offsetMs).toISOString()

/** A managed online code on `dev_1`, PIN 1234, ongoing, `setting`, nothing on the keypad yet. */
export function codeRow(overrides: Partial<AccessCodeRow> = {}): AccessCodeRow {
  return {
    access_code_id: 'ac_1',
    workspace_id: 'ws_1',
    device_id: 'dev_1',
    name: 'Front door',
    code: '1234',
    common_code_key: null,
    type: 'ongoing',
    starts_at: null,
    ends_at: null,
    status: 'setting',
    is_managed: 1,
    is_backup: 0,
    pulled_for_access_code_id: null,
    pulled_backup_access_code_id: null,
    use_backup_access_code_pool: 0,
    is_external_modification_allowed: 0,
    is_offline_access_code: 0,
    is_one_time_use: 0,
    max_time_rounding: null,
    prefer_native_scheduling: 1,
    attempt_for_offline_device: 1,
    is_scheduled_on_device: 0,
    is_waiting_for_code_assignment: 0,
    errors: '[]',
    warnings: '[]',
    created_at: at(-HOUR),
    updated_at: at(-HOUR),
    deleted_at: null,
    provider_code_id: null,
    programmed_code: null,
    programmed_starts_at: null,
    programmed_ends_at: null,
    pending_since: null,
    failed_attempts: 0,
    removed_from_device_at: null,
    lock_op_token: null,
    lock_op_expires_at: null,
    stay_id: null,
    row_version: 0,
    ...overrides,
  }
}

/** The same code as programmed on the keypad as entry `pc_1` (PIN 1234, no window), `set`. */
export const onKeypad = (overrides: Partial<AccessCodeRow> = {}): AccessCodeRow =>
  codeRow({ status: 'set', provider_code_id: 'pc_1', programmed_code: '1234', ...overrides })

/** A sandbox lock that does not schedule natively (SmartThings-like unless `provider` says otherwise). */
export function deviceRecord(overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    deviceId: 'dev_1',
    workspaceId: 'ws_1',
    propertyId: 'prop_1',
    propertyName: 'Harbour View',
    timezone: 'UTC',
    connectedAccountId: 'ca_1',
    accountConnected: true,
    provider: 'schlage',
    deviceType: 'schlage_lock',
    displayName: 'Front door lock',
    manufacturer: 'Schlage',
    modelName: 'Encode',
    isSandbox: true,
    online: true,
    batteryLevel: 0.9,
    supportedCodeLengths: [4, 5, 6, 7, 8],
    maxActiveCodes: 30,
    codeConstraints: [],
    supportsBackupPool: false,
    backupPoolSize: 0,
    canProgramOnlineCodes: true,
    canProgramOfflineCodes: false,
    supportsNativeScheduling: false,
    accessCodesVersion: 1,
    reportedIssues: [],
    createdAt: at(-24 * HOUR),
    removedAt: null,
    ...overrides,
  }
}

/** Entry `pc_1` holding PIN 1234, always active, set by Latchkey. */
export function keypadEntry(overrides: Partial<KeypadCode> = {}): KeypadCode {
  return {
    providerCodeId: 'pc_1',
    code: '1234',
    name: 'Front door',
    startsAt: null,
    endsAt: null,
    setByLatchkey: true,
    ...overrides,
  }
}

export const work = (row: AccessCodeRow, pending: readonly PendingActionAttempt[] = []): CodeWork =>
  new CodeWork(row, pending)

export const pendingAttempt = (actionType: PendingActionAttempt['actionType'], id = 'aa_1'): PendingActionAttempt => ({
  actionAttemptId: id,
  actionType,
  accessCodeId: 'ac_1',
})

/** A stored issue list (errors or warnings column) holding these codes, first seen an hour ago. */
export const issuesJson = (kind: 'error' | 'warning', ...codes: string[]): string =>
  JSON.stringify(
    codes.map((code) =>
      kind === 'error'
        ? { error_code: code, message: code, created_at: at(-HOUR), is_access_code_error: true }
        : { warning_code: code, message: code, created_at: at(-HOUR) },
    ),
  )

export const errorCodes = (w: CodeWork): string[] =>
  (JSON.parse(w.errors.toJson()) as { error_code: string }[]).map((e) => e.error_code).sort()
export const warningCodes = (w: CodeWork): string[] =>
  (JSON.parse(w.warnings.toJson()) as { warning_code: string }[]).map((e) => e.warning_code).sort()
export const eventTypes = (w: CodeWork): string[] => w.events.map((e) => e.type)
/** How each pending attempt ends, by kind. */
export const endings = (w: CodeWork): Record<string, unknown> =>
  Object.fromEntries(
    w.attemptEndings.map((e) => [
      w.pendingAttempts.find((a) => a.actionAttemptId === e.actionAttemptId)?.actionType,
      e.outcome,
    ]),
  )
