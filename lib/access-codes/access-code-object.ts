import 'server-only'
import type { AccessCodeRow } from '@/lib/db/schema'
import { fromBool, parseJson } from '@/lib/db/values'
import type { AccessCode } from '@/lib/schemas/access-code'

/** The access code in Seam's shape. `backupAvailable` says whether the device's pool has a backup for it. */
export function toAccessCodeObject(row: AccessCodeRow, backupAvailable: boolean): AccessCode {
  const usesPool = fromBool(row.use_backup_access_code_pool) && row.type === 'time_bound'
  return {
    access_code_id: row.access_code_id,
    workspace_id: row.workspace_id,
    device_id: row.device_id,
    name: row.name,
    // A code waiting for the lock to assign its PIN is stored with an empty one: it has none yet.
    code: row.is_waiting_for_code_assignment === 1 ? null : row.code,
    common_code_key: row.common_code_key,
    type: row.type,
    starts_at: row.starts_at,
    ends_at: row.ends_at,
    // Deleted rows never reach a reader; the mapping only keeps the wire type honest.
    status: row.status === 'deleted' ? 'removing' : row.status,
    created_at: row.created_at,
    errors: parseJson(row.errors, []),
    warnings: parseJson(row.warnings, []),
    is_managed: fromBool(row.is_managed),
    is_backup: fromBool(row.is_backup),
    is_backup_access_code_available: usesPool && (row.pulled_backup_access_code_id !== null || backupAvailable),
    is_external_modification_allowed: fromBool(row.is_external_modification_allowed),
    is_offline_access_code: fromBool(row.is_offline_access_code),
    is_one_time_use: fromBool(row.is_one_time_use),
    is_scheduled_on_device: fromBool(row.is_scheduled_on_device),
    is_waiting_for_code_assignment: fromBool(row.is_waiting_for_code_assignment),
    pulled_backup_access_code_id: row.pulled_backup_access_code_id,
  }
}
