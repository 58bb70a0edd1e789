import 'server-only'
import type { RefusalKind } from '@/lib/locks/lock-provider'

/**
 * The faults a sandbox lock can be made to have (`/devices/simulate/fault`), one per error or warning code of the
 * spec that a lock can cause. Each says on which brands it can happen, how long it lasts and what the sandbox lock
 * then *does* (`effect`); the reconciler turns what it observes into the error or warning, as it would with a real
 * provider. Nothing here writes an error onto a code.
 *
 * A few codes are not lock faults: they come from what people do in Latchkey (`notALockFault`), and the endpoint
 * says how to produce them instead.
 */

/** How a lock refuses an operation, for faults of single operations (lib/locks/lock-provider.ts). */
export type { RefusalKind }

export type FaultEffect =
  /** The next `operations` programming (`set`) or removal (`remove`) requests are refused this way. */
  | { type: 'refuse'; on: 'set' | 'remove'; refusal: RefusalKind }
  /** The lock cannot be reached (a bridge, hub or gateway is gone, or the lock itself): reads and calls fail. */
  | { type: 'unreachable' }
  /**
   * The lock answers, and reports the condition with every read; while `blocksChanges`, it refuses every
   * programming and removal request, naming the condition.
   */
  | { type: 'condition'; blocksChanges: boolean }
  /** The lock takes requests of this kind and never confirms them, until cleared. */
  | { type: 'stall'; on: 'set' | 'remove' }
  /** Someone changes the PIN of `operations` of Latchkey's codes on the keypad (the maker's app). */
  | { type: 'modify_entries' }
  /** The lock switches off `operations` of Latchkey's keypad entries; they stay on the keypad, disabled. */
  | { type: 'disable_entries' }
  /** The same as another simulation: the lock goes offline, its account disconnects, or it is removed. */
  | { type: 'simulation'; does: 'go_offline' | 'disconnect_account' | 'remove_device' }

export interface SandboxFault {
  /** The spec's error or warning code. */
  code: string
  /** Providers (lib/locks/sandbox-profiles.ts) whose locks can have it; `every` for all. */
  brands: readonly string[] | 'every'
  /**
   * `operations`: affects the next N lock operations (`operations`, default 1), then the lock behaves again.
   * `until_cleared`: lasts until `/devices/simulate/clear_faults`. `permanent`: cannot be undone (a removed lock).
   */
  lasts: 'operations' | 'until_cleared' | 'permanent'
  effect: FaultEffect
  /** The error and warning codes it makes appear on codes (usually just `code`; some show a warning first). */
  produces: { errors: readonly string[]; warnings: readonly string[] }
  /** What the lock does, in plain words (README, /devices/get). */
  lockDoes: string
  /** How it goes away. */
  clears: string
}

export interface NotALockFault {
  code: string
  kind: 'error' | 'warning'
  brands: readonly string[] | 'every'
  /** How to make it happen instead (the endpoint's answer, README). */
  how: string
}

const AUGUST_PLATFORM = ['august', 'yale']
const one = (code: string, kind: 'error' | 'warning' = 'error') =>
  kind === 'error' ? { errors: [code], warnings: [] } : { errors: [], warnings: [code] }

export const sandboxFaults: readonly SandboxFault[] = [
  // ---- Single operations, every brand ---------------------------------------------------------------------
  {
    code: 'failed_to_set_on_device',
    brands: 'every',
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'failed' },
    produces: one('failed_to_set_on_device'),
    lockDoes: 'answers the next programming requests with an error',
    clears: 'the next programming request the lock takes (Latchkey retries with growing gaps)',
  },
  {
    code: 'failed_to_remove_from_device',
    brands: 'every',
    lasts: 'operations',
    effect: { type: 'refuse', on: 'remove', refusal: 'failed' },
    produces: one('failed_to_remove_from_device'),
    lockDoes: 'answers the next removal requests with an error',
    clears: 'the next removal the lock takes',
  },
  {
    code: 'no_space_for_access_code_on_device',
    brands: 'every',
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'no_space' },
    produces: one('no_space_for_access_code_on_device'),
    lockDoes: 'says its code memory is full',
    clears: 'a later programming request the lock takes',
  },
  {
    code: 'duplicate_code_on_device',
    brands: 'every',
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'duplicate_code' },
    produces: one('duplicate_code_on_device'),
    lockDoes: 'says it already holds the PIN',
    clears: 'a later programming request the lock takes (or a new PIN)',
  },
  {
    code: 'duplicate_code_attempt_prevented',
    brands: 'every',
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'rejected' },
    produces: one('duplicate_code_attempt_prevented'),
    lockDoes: 'refuses a change that would leave two entries with one PIN',
    clears: 'a later programming request the lock takes',
  },
  {
    code: 'code_modified_external_to_seam',
    brands: 'every',
    lasts: 'operations',
    effect: { type: 'modify_entries' },
    produces: { errors: ['code_modified_external_to_seam'], warnings: ['code_modified_external_to_seam'] },
    lockDoes: 'has the PIN of Latchkey codes on its keypad changed in the maker’s app',
    clears:
      'Latchkey puts its PIN back (error); with is_external_modification_allowed the new PIN is kept (warning) ' +
      'until the code is next changed',
  },
  // ---- Conditions of the lock, every brand ----------------------------------------------------------------
  {
    code: 'device_offline',
    brands: 'every',
    lasts: 'until_cleared',
    effect: { type: 'simulation', does: 'go_offline' },
    produces: one('device_offline'),
    lockDoes: 'goes offline, as /devices/simulate/disconnect',
    clears: 'clear_faults (or /devices/simulate/connect)',
  },
  {
    code: 'device_disconnected',
    brands: 'every',
    lasts: 'until_cleared',
    effect: { type: 'unreachable' },
    produces: one('device_disconnected'),
    lockDoes: 'drops off the maker’s cloud: it answers no read or request',
    clears: 'clear_faults',
  },
  {
    code: 'account_disconnected',
    brands: 'every',
    lasts: 'until_cleared',
    effect: { type: 'simulation', does: 'disconnect_account' },
    produces: one('account_disconnected'),
    lockDoes: 'loses its maker account, as /connected_accounts/simulate/disconnect (every lock of the account)',
    clears: 'clear_faults (or /connected_accounts/simulate/connect)',
  },
  {
    code: 'device_removed',
    brands: 'every',
    lasts: 'permanent',
    effect: { type: 'simulation', does: 'remove_device' },
    produces: one('device_removed'),
    lockDoes: 'is removed from its maker account, as /devices/simulate/remove',
    clears: 'never: the lock is gone',
  },
  {
    code: 'management_transferred',
    brands: 'every',
    lasts: 'until_cleared',
    effect: { type: 'condition', blocksChanges: true },
    produces: one('management_transferred', 'warning'),
    lockDoes: 'is managed from another workspace now and refuses Latchkey’s changes',
    clears: 'clear_faults',
  },
  {
    code: 'delay_in_setting_on_device',
    brands: 'every',
    lasts: 'until_cleared',
    effect: { type: 'stall', on: 'set' },
    produces: one('delay_in_setting_on_device', 'warning'),
    lockDoes: 'takes programming requests and never confirms them',
    clears: 'clear_faults: the next request is confirmed',
  },
  {
    code: 'delay_in_removing_from_device',
    brands: 'every',
    lasts: 'until_cleared',
    effect: { type: 'stall', on: 'remove' },
    produces: one('delay_in_removing_from_device', 'warning'),
    lockDoes: 'takes removal requests and never confirms them',
    clears: 'clear_faults: the next removal is confirmed',
  },
  // ---- August and Yale (one platform) ---------------------------------------------------------------------
  {
    code: 'august_device_programming_delay',
    brands: AUGUST_PLATFORM,
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'unconfirmed' },
    produces: { errors: ['august_device_programming_delay'], warnings: ['august_device_programming_delay'] },
    lockDoes: 'takes the code but has not moved it to the keypad yet',
    clears: 'the lock confirms a later request (the warning turns into the error if it keeps happening)',
  },
  {
    code: 'august_lock_invalid_code_length',
    brands: AUGUST_PLATFORM,
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'rejected' },
    produces: one('august_lock_invalid_code_length'),
    lockDoes: 'refuses the PIN’s length (its keypad wants the length of the codes it already holds)',
    clears: 'a later programming request the lock takes, or a PIN of another length',
  },
  {
    code: 'august_lock_temporarily_offline',
    brands: AUGUST_PLATFORM,
    lasts: 'until_cleared',
    effect: { type: 'unreachable' },
    produces: { errors: ['august_lock_temporarily_offline'], warnings: ['august_lock_temporarily_offline'] },
    lockDoes: 'stops answering for a while (a warning, then an error once it has lasted the delay threshold)',
    clears: 'clear_faults',
  },
  {
    code: 'august_lock_missing_keypad',
    brands: AUGUST_PLATFORM,
    lasts: 'until_cleared',
    effect: { type: 'condition', blocksChanges: true },
    produces: one('august_lock_missing_keypad'),
    lockDoes: 'reports no keypad paired, and refuses codes',
    clears: 'clear_faults (the keypad is paired again)',
  },
  {
    code: 'august_lock_missing_bridge',
    brands: AUGUST_PLATFORM,
    lasts: 'until_cleared',
    effect: { type: 'unreachable' },
    produces: one('august_lock_missing_bridge'),
    lockDoes: 'has no Connect bridge: the cloud cannot reach it',
    clears: 'clear_faults (the bridge is back)',
  },
  {
    code: 'august_lock_not_authorized',
    brands: AUGUST_PLATFORM,
    lasts: 'until_cleared',
    effect: { type: 'condition', blocksChanges: true },
    produces: one('august_lock_not_authorized'),
    lockDoes: 'refuses changes: the account is a guest, not an owner, of this lock',
    clears: 'clear_faults (owner access granted)',
  },
  {
    code: 'third_party_integration_detected',
    brands: ['august', 'yale', 'schlage', 'kwikset', 'smartthings'],
    lasts: 'until_cleared',
    effect: { type: 'condition', blocksChanges: false },
    produces: one('third_party_integration_detected', 'warning'),
    lockDoes: 'reports another integration managing its codes (changes still go through)',
    clears: 'clear_faults (the other integration is removed)',
  },
  // ---- Schlage ---------------------------------------------------------------------------------------------
  {
    code: 'schlage_creation_outage',
    brands: ['schlage'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'busy' },
    produces: one('schlage_creation_outage', 'warning'),
    lockDoes: 'Schlage’s cloud answers code creation with an error',
    clears: 'the next programming request the cloud takes',
  },
  {
    code: 'schlage_detected_duplicate',
    brands: ['schlage'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'rejected' },
    produces: one('schlage_detected_duplicate', 'warning'),
    lockDoes: 'Schlage’s cloud says the PIN duplicates another on the lock',
    clears: 'a later programming request the cloud takes, or a new PIN',
  },
  // ---- SmartThings -----------------------------------------------------------------------------------------
  {
    code: 'smartthings_failed_to_set_access_code',
    brands: ['smartthings'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'rejected' },
    produces: one('smartthings_failed_to_set_access_code'),
    lockDoes: 'the hub reports the lock refused the code',
    clears: 'a later programming request the lock takes',
  },
  {
    code: 'smartthings_failed_to_set_after_multiple_retries',
    brands: ['smartthings'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'failed' },
    produces: {
      errors: ['smartthings_failed_to_set_after_multiple_retries'],
      warnings: ['smartthings_failed_to_set_access_code'],
    },
    lockDoes: 'the hub’s programming attempts fail (a warning each time, the error after several)',
    clears: 'a later programming request the lock takes',
  },
  {
    code: 'smartthings_no_free_slots_available',
    brands: ['smartthings'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'no_space' },
    produces: one('smartthings_no_free_slots_available'),
    lockDoes: 'says it has no free slot',
    clears: 'a later programming request the lock takes',
  },
  {
    code: 'hub_disconnected',
    brands: ['smartthings', 'hubitat', 'wyze'],
    lasts: 'until_cleared',
    effect: { type: 'unreachable' },
    produces: one('hub_disconnected'),
    lockDoes: 'its hub (or gateway) is off the network: the lock cannot be reached',
    clears: 'clear_faults (the hub is back)',
  },
  // ---- Kwikset ---------------------------------------------------------------------------------------------
  {
    code: 'kwikset_unable_to_confirm_code',
    brands: ['kwikset'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'unconfirmed' },
    produces: { errors: ['kwikset_unable_to_confirm_code'], warnings: ['kwikset_unable_to_confirm_code'] },
    lockDoes: 'takes the code but Kwikset’s cloud cannot confirm it is on the lock',
    clears: 'a later request the lock confirms (the warning turns into the error if it keeps happening)',
  },
  {
    code: 'kwikset_unable_to_confirm_deletion',
    brands: ['kwikset'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'remove', refusal: 'unconfirmed' },
    produces: one('kwikset_unable_to_confirm_deletion'),
    lockDoes: 'takes the removal but cannot confirm the code is gone',
    clears: 'a later removal the lock confirms',
  },
  {
    code: 'kwikset_insufficient_permissions',
    brands: ['kwikset'],
    lasts: 'until_cleared',
    effect: { type: 'condition', blocksChanges: true },
    produces: one('kwikset_insufficient_permissions'),
    lockDoes: 'refuses PIN changes: the account is not a Home Admin',
    clears: 'clear_faults (admin role granted)',
  },
  // ---- igloohome -------------------------------------------------------------------------------------------
  {
    code: 'igloohome_bridge_too_many_pending_jobs',
    brands: ['igloohome'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'busy' },
    produces: one('igloohome_bridge_too_many_pending_jobs'),
    lockDoes: 'the bridge’s job queue is full and it turns requests away',
    clears: 'the next request the bridge takes',
  },
  {
    code: 'igloohome_bridge_offline',
    brands: ['igloohome'],
    lasts: 'until_cleared',
    effect: { type: 'unreachable' },
    produces: one('igloohome_bridge_offline'),
    lockDoes: 'its bridge is offline: only offline (algoPIN) codes can be made',
    clears: 'clear_faults (the bridge is back)',
  },
  {
    code: 'subscription_required',
    brands: ['igloohome', 'ultraloq'],
    lasts: 'until_cleared',
    effect: { type: 'condition', blocksChanges: true },
    produces: one('subscription_required'),
    lockDoes: 'the maker requires a paid plan for remote codes and refuses changes',
    clears: 'clear_faults (subscription renewed)',
  },
  // ---- Hubitat, Wyze ---------------------------------------------------------------------------------------
  {
    code: 'hubitat_no_free_positions_available',
    brands: ['hubitat'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'no_space' },
    produces: one('hubitat_no_free_positions_available'),
    lockDoes: 'the hub says the lock has no free code position',
    clears: 'a later programming request the lock takes',
  },
  {
    code: 'hubitat_device_programming_delay',
    brands: ['hubitat'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'unconfirmed' },
    produces: one('hubitat_device_programming_delay'),
    lockDoes: 'the hub has the code but has not moved it to the lock yet',
    clears: 'a later request the hub confirms',
  },
  {
    code: 'wyze_duplicate_code_name',
    brands: ['wyze'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'rejected' },
    produces: one('wyze_duplicate_code_name'),
    lockDoes: 'refuses a code whose name another code on the lock has (Wyze locks do this for real, too)',
    clears: 'a later programming request the lock takes, or a new name',
  },
  {
    code: 'wyze_potential_duplicate_code',
    brands: ['wyze'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'rejected' },
    produces: one('wyze_potential_duplicate_code'),
    lockDoes: 'refuses a PIN it takes for a duplicate of one it holds',
    clears: 'a later programming request the lock takes, or a new PIN',
  },
  // ---- Salto KS, dormakaba Oracode, KeyNest, Ultraloq -----------------------------------------------------
  {
    code: 'salto_ks_user_not_subscribed',
    brands: ['salto_ks'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'rejected' },
    produces: one('salto_ks_user_not_subscribed'),
    lockDoes: 'the site refuses the code: its site user is not subscribed',
    clears: 'a later programming request the site takes',
  },
  {
    code: 'salto_ks_subscription_limit_exceeded',
    brands: ['salto_ks'],
    lasts: 'until_cleared',
    effect: { type: 'condition', blocksChanges: true },
    produces: one('salto_ks_subscription_limit_exceeded'),
    lockDoes: 'the site has reached its plan’s user limit and refuses new codes',
    clears: 'clear_faults (plan upgraded or users freed)',
  },
  {
    code: 'bridge_disconnected',
    brands: ['salto_ks'],
    lasts: 'until_cleared',
    effect: { type: 'unreachable' },
    produces: one('bridge_disconnected'),
    lockDoes: 'the bridge Latchkey reaches the site through does not answer',
    clears: 'clear_faults (the bridge is back)',
  },
  {
    code: 'dormakaba_oracode_invalid_time_range',
    brands: ['dormakaba_oracode'],
    lasts: 'operations',
    effect: { type: 'refuse', on: 'set', refusal: 'rejected' },
    produces: one('dormakaba_oracode_invalid_time_range'),
    lockDoes: 'has no user level configured for the code’s time range',
    clears: 'a later programming request the lock takes, or a window it has a user level for',
  },
  {
    code: 'keynest_unsupported_third_party_locker',
    brands: ['keynest'],
    lasts: 'until_cleared',
    effect: { type: 'condition', blocksChanges: true },
    produces: one('keynest_unsupported_third_party_locker'),
    lockDoes: 'is a third-party locker KeyNest cannot issue codes for',
    clears: 'clear_faults',
  },
  {
    code: 'ultraloq_access_code_disabled',
    brands: ['ultraloq'],
    lasts: 'operations',
    effect: { type: 'disable_entries' },
    produces: one('ultraloq_access_code_disabled', 'warning'),
    lockDoes: 'switches off Latchkey codes on its keypad (they stay there, disabled)',
    clears: 'clear_faults (re-enabled in the Ultraloq app)',
  },
  // ---- Bridges and gateways of other brands -----------------------------------------------------------------
  {
    code: 'lockly_missing_wifi_bridge',
    brands: ['lockly'],
    lasts: 'until_cleared',
    effect: { type: 'unreachable' },
    produces: one('lockly_missing_wifi_bridge'),
    lockDoes: 'has no Wi-Fi bridge: the cloud cannot reach it',
    clears: 'clear_faults (the bridge is back)',
  },
  {
    code: 'ttlock_lock_not_paired_to_gateway',
    brands: ['ttlock'],
    lasts: 'until_cleared',
    effect: { type: 'unreachable' },
    produces: one('ttlock_lock_not_paired_to_gateway'),
    lockDoes: 'is not paired to a gateway: the cloud cannot reach it',
    clears: 'clear_faults (paired again)',
  },
  {
    code: 'missing_device_credentials',
    brands: ['nuki', 'ttlock'],
    lasts: 'until_cleared',
    effect: { type: 'condition', blocksChanges: true },
    produces: one('missing_device_credentials'),
    lockDoes: 'the account lacks the lock’s own credentials and changes are refused',
    clears: 'clear_faults (credentials given again)',
  },
]

/** Codes that come from what people do in Latchkey, not from a fault of the lock. */
export const notALockFaults: readonly NotALockFault[] = [
  {
    code: 'empty_backup_access_code_pool',
    kind: 'error',
    brands: ['august', 'yale', 'schlage', 'smartthings'],
    how:
      'appears on time-bound codes with use_backup_access_code_pool once every backup code of the lock is pulled ' +
      '(/access_codes/pull_backup_access_code); clears when a pulled backup is released or its stay ends',
  },
  {
    code: 'igloo_algopin_must_be_used_within_24_hours',
    kind: 'warning',
    brands: ['igloohome'],
    how:
      'appears on every offline (algoPIN) code of an igloohome lock: igloohome voids an algoPIN not used within ' +
      '24 hours of its start',
  },
]

export function faultNamed(code: string): SandboxFault | undefined {
  return sandboxFaults.find((f) => f.code === code)
}

export const canHappenOn = (brands: readonly string[] | 'every', provider: string): boolean =>
  brands === 'every' || brands.includes(provider)

/** The faults a sandbox lock of this provider can be made to have, in table order. */
export function faultsPossibleOn(provider: string): SandboxFault[] {
  return sandboxFaults.filter((f) => canHappenOn(f.brands, provider))
}
