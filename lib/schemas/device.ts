import { z } from 'zod'
import { isoDateTime, limit, oneOrMany, pageCursor, paginationSchema, timestamp, uuid } from '@/lib/schemas/common'

export const codeConstraintType = z.enum([
  'no_zeros',
  'cannot_start_with_12',
  'no_triple_consecutive_ints',
  'cannot_specify_pin_code',
  'pin_code_matches_existing_set',
  'start_date_in_future',
  'no_ascending_or_descending_sequence',
  'at_least_three_unique_digits',
  'cannot_contain_089',
  'cannot_contain_0789',
  'unique_first_four_digits',
  'no_all_same_digits',
])
export type CodeConstraintType = z.infer<typeof codeConstraintType>

export const codeConstraint = z.union([
  z.object({ constraint_type: codeConstraintType }),
  z.object({
    constraint_type: z.enum(['name_length', 'name_must_be_unique']),
    min_length: z.number().optional(),
    max_length: z.number().optional(),
  }),
])
export type CodeConstraint = z.infer<typeof codeConstraint>

export const DEFAULT_DEVICE_LIST_LIMIT = 500

export const listDevicesInput = z.strictObject({
  device_ids: oneOrMany(uuid).optional(),
  device_type: z.string().optional(),
  device_types: oneOrMany(z.string()).optional(),
  manufacturer: z.string().optional(),
  connected_account_id: uuid.optional(),
  connected_account_ids: oneOrMany(uuid).optional(),
  space_id: uuid.optional(),
  search: z.string().max(200).optional(),
  created_before: isoDateTime.optional(),
  customer_key: z.string().optional(),
  user_identifier_key: z.string().optional(),
  connect_webview_id: uuid.optional(),
  custom_metadata_has: z.record(z.string(), z.union([z.string(), z.boolean()])).optional(),
  limit: limit(DEFAULT_DEVICE_LIST_LIMIT * 10).default(DEFAULT_DEVICE_LIST_LIMIT),
  page_cursor: pageCursor.optional(),
})
export type ListDevicesInput = z.infer<typeof listDevicesInput>

export const getDeviceInput = z
  .strictObject({ device_id: uuid.optional(), name: z.string().optional() })
  .superRefine((value, ctx) => {
    if (value.device_id === undefined && value.name === undefined) {
      ctx.addIssue({ code: 'custom', path: ['device_id'], message: 'is required unless name is given' })
    }
  })

// ---- the object on the wire: Seam's `device`, with the fields Latchkey always sends made required

export const deviceErrorSchema = z
  .object({
    error_code: z.string(),
    message: z.string(),
    created_at: timestamp,
    is_device_error: z.boolean().optional(),
    is_connected_account_error: z.boolean().optional(),
  })
  .catchall(z.unknown())
export const deviceWarningSchema = z
  .object({ warning_code: z.string(), message: z.string(), created_at: timestamp })
  .catchall(z.unknown())

const batteryLevel = z.number().min(0).max(1)

/**
 * A fault a sandbox lock can be made to have (`/devices/simulate/fault`), as `properties.sandbox_faults` lists it.
 * Latchkey's own: only on sandbox locks.
 */
export const sandboxFaultSchema = z.object({
  /** The error or warning code to pass as `fault`. */
  fault: z.string(),
  /** What appears on the lock's codes: some faults show a warning first and the error if it keeps happening. */
  produces: z.object({ errors: z.array(z.string()), warnings: z.array(z.string()) }),
  /** `operations`: the next N lock operations (the `operations` parameter); else until clear_faults, or for good. */
  lasts: z.enum(['operations', 'until_cleared', 'permanent']),
  lock_does: z.string(),
  clears: z.string(),
  /** Null unless the lock has it now; `operations_left` null: until clear_faults. */
  active: z.object({ operations_left: z.number().int().nullable() }).nullable(),
})
export type SandboxFaultView = z.infer<typeof sandboxFaultSchema>

/** The hub, bridge or gateway the lock's brand reaches the maker's cloud through; null when it connects directly. */
export const connectsThroughSchema = z
  .object({ kind: z.enum(['hub', 'bridge', 'gateway']), name: z.string() })
  .nullable()

export const deviceSchema = z.object({
  device_id: uuid,
  device_type: z.string(),
  display_name: z.string(),
  nickname: z.string(),
  workspace_id: uuid,
  connected_account_id: uuid,
  space_ids: z.array(uuid),
  created_at: timestamp,
  is_managed: z.literal(true),
  custom_metadata: z.record(z.string(), z.union([z.string(), z.boolean()])),
  capabilities_supported: z.array(z.string()),
  location: z.object({ location_name: z.string(), timezone: z.string() }),
  errors: z.array(deviceErrorSchema),
  warnings: z.array(deviceWarningSchema),
  can_program_online_access_codes: z.boolean(),
  can_program_offline_access_codes: z.boolean(),
  can_remotely_lock: z.boolean(),
  can_remotely_unlock: z.boolean(),
  can_unlock_with_code: z.boolean(),
  can_simulate_connection: z.boolean(),
  can_simulate_disconnection: z.boolean(),
  can_simulate_removal: z.boolean(),
  device_provider: z.object({
    device_provider_name: z.string(),
    display_name: z.string(),
    provider_category: z.string(),
  }),
  properties: z.object({
    name: z.string(),
    online: z.boolean(),
    appearance: z.object({ name: z.string() }),
    manufacturer: z.string(),
    model: z.object({
      display_name: z.string(),
      manufacturer_display_name: z.string(),
      can_connect_accessory_keypad: z.boolean(),
      has_built_in_keypad: z.boolean(),
      offline_access_codes_supported: z.boolean(),
      online_access_codes_supported: z.boolean(),
    }),
    battery: z.object({ level: batteryLevel, status: z.enum(['critical', 'low', 'good', 'full']) }).optional(),
    battery_level: batteryLevel.optional(),
    locked: z.boolean(),
    supported_code_lengths: z.array(z.number().int()),
    max_active_codes_supported: z.number().int(),
    code_constraints: z.array(codeConstraint),
    supports_backup_access_code_pool: z.boolean(),
    supports_offline_access_codes: z.boolean(),
    offline_access_codes_enabled: z.boolean(),
    online_access_codes_enabled: z.boolean(),
    has_native_entry_events: z.boolean(),
    /** Sandbox locks only: every fault the lock can be made to have, and which are active. */
    sandbox_faults: z.array(sandboxFaultSchema).optional(),
    /** Sandbox locks only: what stands between the lock and its maker's cloud. */
    connects_through: connectsThroughSchema.optional(),
  }),
})
export type Device = z.infer<typeof deviceSchema>

export const listDevicesResponse = z.object({ devices: z.array(deviceSchema), pagination: paginationSchema })
export type ListDevicesResponse = z.infer<typeof listDevicesResponse>

export const getDeviceResponse = z.object({ device: deviceSchema })
export type GetDeviceResponse = z.infer<typeof getDeviceResponse>
