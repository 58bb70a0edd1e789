import 'server-only'
import type { Generated, Selectable } from 'kysely'

// Table types for Kysely. Both engines store the same shapes:
// timestamps as ISO-8601 UTC text (sortable), booleans as 0/1 integers, JSON as text.
// Ids are UUIDv7, so (created_at, id) orders rows as they were written: pagination and timelines rely on it.

export type Bool = 0 | 1

export interface WorkspacesTable {
  workspace_id: string
  name: string
  is_sandbox: Bool
  created_at: string
}

export interface ApiKeysTable {
  api_key_id: string
  workspace_id: string
  name: string
  key_hash: string
  /** First characters of the key, kept to let people tell their keys apart. */
  key_prefix: string
  created_at: string
  revoked_at: string | null
}

export interface PropertiesTable {
  property_id: string
  workspace_id: string
  name: string
  timezone: string
  created_at: string
}

export interface ConnectedAccountsTable {
  connected_account_id: string
  workspace_id: string
  provider: string
  is_connected: Bool
  created_at: string
}

export interface DevicesTable {
  device_id: string
  workspace_id: string
  property_id: string
  connected_account_id: string
  provider: string
  device_type: string
  display_name: string
  manufacturer: string
  model_name: string
  is_sandbox: Bool
  online: Bool
  battery_level: number | null
  /** JSON number[] */
  supported_code_lengths: string
  max_active_codes_supported: number
  /** JSON array of Seam code constraint objects */
  code_constraints: string
  supports_backup_access_code_pool: Bool
  backup_pool_size: number
  can_program_online_access_codes: Bool
  can_program_offline_access_codes: Bool
  supports_native_scheduling: Bool
  /** JSON object: provider-specific simulation settings (latency, failure modes). */
  sandbox_settings: string
  /** Bumped in the same transaction as every write to the device's codes: keys the serialized-list cache. */
  access_codes_version: number
  /** JSON [{ code, kind, created_at }]: what the lock last reported about itself (migration 0009). */
  reported_issues: Generated<string>
  /** 1 once a manager named the lock (/devices/update, migration 0015): a Seam sync then keeps that name. */
  name_set_by_manager: Generated<Bool>
  created_at: string
  removed_at: string | null
}

export interface AccessCodesTable {
  access_code_id: string
  workspace_id: string
  device_id: string
  name: string | null
  code: string
  common_code_key: string | null
  type: 'ongoing' | 'time_bound'
  starts_at: string | null
  ends_at: string | null
  /** The lifecycle state (lib/sync/lifecycle.ts); `deleted` rows are gone from the lock and never shown. */
  status: 'unset' | 'setting' | 'set' | 'removing' | 'unknown' | 'deleted'
  is_managed: Bool
  is_backup: Bool
  /** Backups only: the code this backup was handed to by pull_backup_access_code. */
  pulled_for_access_code_id: string | null
  pulled_backup_access_code_id: string | null
  use_backup_access_code_pool: Bool
  is_external_modification_allowed: Bool
  is_offline_access_code: Bool
  is_one_time_use: Bool
  max_time_rounding: string | null
  prefer_native_scheduling: Bool
  attempt_for_offline_device: Bool
  is_scheduled_on_device: Bool
  is_waiting_for_code_assignment: Bool
  /** JSON arrays of Seam error / warning objects */
  errors: string
  warnings: string
  created_at: string
  updated_at: string
  /** Set when the code is deleted through the API: hidden from reads at once, removed from the lock later. */
  deleted_at: string | null
  /** The keypad entry's id at the provider, once programmed. */
  provider_code_id: string | null
  /** What Latchkey last put on the keypad (PIN and, for natively scheduled codes, the window). */
  programmed_code: string | null
  programmed_starts_at: string | null
  programmed_ends_at: string | null
  /** When the lock work the code is waiting for began (for delay warnings). */
  pending_since: string | null
  failed_attempts: Generated<number>
  removed_from_device_at: string | null
  /** Set while a lock operation for this code is in flight (see lib/sync/reconcile-device.ts). */
  lock_op_token: Generated<string | null>
  lock_op_expires_at: Generated<string | null>
  /** The stay this code is a door of (migration 0010); null for codes outside stays. */
  stay_id: Generated<string | null>
  /**
   * Moved by the store (a trigger, migration 0016) on every update of the row: a code's cached JSON in a list is
   * used only while this is the one it was made from (lib/access-codes/list-access-codes.ts).
   */
  row_version: Generated<number>
}

export interface ActionAttemptsTable {
  action_attempt_id: string
  workspace_id: string
  action_type: string
  status: 'pending' | 'success' | 'error'
  access_code_id: string | null
  device_id: string | null
  /** JSON */
  result: string | null
  /** JSON { type, message } */
  error: string | null
  created_at: string
  updated_at: string
}

export interface EventsTable {
  event_id: string
  workspace_id: string
  event_type: string
  device_id: string | null
  access_code_id: string | null
  connected_account_id: string | null
  /** JSON object of the event's extra fields (code, backup_access_code_id, …) */
  payload: string
  occurred_at: string
  created_at: string
}

export interface SyncJobsTable {
  device_id: string
  /** When the device next needs reconciling; null when nothing is pending. */
  due_at: string | null
  /** Bumped by every write that asks for the device to be reconciled. */
  request_seq: number
  /** request_seq as it was when the current lease was taken: a higher request_seq at the end means "run again". */
  claimed_seq: number
  lease_owner: string | null
  lease_expires_at: string | null
  consecutive_failures: number
}

export interface SandboxKeypadCodesTable {
  keypad_code_id: string
  device_id: string
  slot: number
  code: string
  name: string | null
  starts_at: string | null
  ends_at: string | null
  set_by_latchkey: Bool
  /** The lock keeps the entry but has switched it off (Ultraloq: re-enabled only in the maker's app). */
  disabled: Generated<Bool>
  created_at: string
  updated_at: string
}

/** A fault a sandbox lock is made to have (/devices/simulate/fault). */
export interface SandboxFaultsTable {
  device_id: string
  fault: string
  /** Lock operations it still affects; null: until cleared. */
  operations_left: number | null
  created_at: string
}

export interface SandboxLockFaultsTable {
  device_id: string
  fail_next_set: number
  fail_next_remove: number
}

/** A guest's stay (migration 0010): its codes are the access codes whose stay_id is this one. */
export interface StaysTable {
  stay_id: string
  workspace_id: string
  reservation_key: string
  guest_name: string
  property_id: string
  check_in: string
  check_out: string
  /** The PIN the doors share; null while none is known (every door's lock chooses its own). */
  code: string | null
  created_at: string
  updated_at: string
  cancelled_at: string | null
}

export interface UsersTable {
  user_id: string
  email: string
  name: string | null
  password_hash: string
  created_at: string
  /** Set by `user disable`: the person cannot sign in, and their sessions have ended. */
  disabled_at: string | null
}

export interface MembershipsTable {
  user_id: string
  workspace_id: string
  role: 'admin' | 'member'
  created_at: string
}

export interface SessionsTable {
  session_id: string
  /** SHA-256 of the cookie's token: a stolen database does not yield live sessions. */
  token_hash: string
  user_id: string
  created_at: string
  expires_at: string
  /** Updated at most once a minute; a session unused for the idle timeout has ended. Null only before 0011. */
  last_used_at: string | null
}

/** rate-limiter-flexible's store table: a counter per key, until `expire` (epoch ms; null never expires). */
export interface RateLimitsTable {
  key: string
  points: number
  /** A bigint: PostgreSQL returns it as a string. */
  expire: number | string | null
}

export interface Database {
  workspaces: WorkspacesTable
  api_keys: ApiKeysTable
  properties: PropertiesTable
  connected_accounts: ConnectedAccountsTable
  devices: DevicesTable
  access_codes: AccessCodesTable
  action_attempts: ActionAttemptsTable
  events: EventsTable
  sync_jobs: SyncJobsTable
  sandbox_keypad_codes: SandboxKeypadCodesTable
  sandbox_lock_faults: SandboxLockFaultsTable
  sandbox_faults: SandboxFaultsTable
  users: UsersTable
  memberships: MembershipsTable
  sessions: SessionsTable
  rate_limits: RateLimitsTable
  stays: StaysTable
}

/** A stored access code (managed, unmanaged or backup), as read from the store. */
export type AccessCodeRow = Selectable<AccessCodesTable>
