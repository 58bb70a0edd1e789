import 'server-only'

// Which error and warning codes the reconciler clears, and when: derived from the fault table (every code a lock can
// cause, lib/locks/sandbox-faults.ts) plus the codes the reconciler itself decides on.
import { sandboxFaults, type FaultEffect } from '@/lib/locks/sandbox-faults'

const unique = (codes: readonly string[]): readonly string[] => [...new Set(codes)]
const producedBy = (effects: readonly FaultEffect['type'][], kind: 'errors' | 'warnings'): string[] =>
  sandboxFaults.filter((f) => effects.includes(f.effect.type)).flatMap((f) => f.produces[kind])

const OPERATION_EFFECTS: readonly FaultEffect['type'][] = ['refuse', 'stall']
const CONDITION_EFFECTS: readonly FaultEffect['type'][] = ['unreachable', 'condition']

/**
 * Errors about one operation on the lock: they go once the lock has done what was asked, or the work is no longer
 * wanted. `device_offline` and the other device conditions are not among them: they are about the lock, show on
 * every code of it, and go when the lock stops reporting them (DEVICE_CONDITION_CODES).
 */
export const LOCK_WORK_ERRORS = unique([
  'no_space_for_access_code_on_device',
  'smartthings_no_free_slots_available',
  'hubitat_no_free_positions_available',
  'duplicate_code_on_device',
  'failed_to_set_on_device',
  'smartthings_failed_to_set_after_multiple_retries',
  'failed_to_remove_from_device',
  'code_modified_external_to_seam',
  ...producedBy(OPERATION_EFFECTS, 'errors'),
])

const DELAY_WARNINGS = ['delay_in_setting_on_device', 'delay_in_removing_from_device']

/** Warnings about lock work in progress: they go once the work is done or no longer wanted. */
export const LOCK_WORK_WARNINGS = unique([
  ...DELAY_WARNINGS,
  'smartthings_failed_to_set_access_code',
  ...producedBy(OPERATION_EFFECTS, 'warnings'),
])

/** Errors and warnings a lock reports about itself (unreachable, or a condition): shown on every code while reported. */
export const DEVICE_CONDITION_CODES = unique([
  'device_offline',
  ...producedBy(CONDITION_EFFECTS, 'errors'),
  ...producedBy(CONDITION_EFFECTS, 'warnings'),
])

/** Errors and warnings a lock reports about one keypad entry (an entry it switched off): shown while reported. */
export const KEYPAD_ENTRY_CODES = unique([
  ...producedBy(['disable_entries'], 'errors'),
  ...producedBy(['disable_entries'], 'warnings'),
])
