import { z } from 'zod'
import { filterText, isoDateTime, limit, MAX_LIST_OFFSET, oneOrMany, timestamp, uuid } from '@/lib/schemas/common'

export const accessCodeEventTypes = [
  'access_code.created',
  'access_code.changed',
  'access_code.scheduled_on_device',
  'access_code.set_on_device',
  'access_code.removed_from_device',
  'access_code.delay_in_setting_on_device',
  'access_code.failed_to_set_on_device',
  'access_code.deleted',
  'access_code.delay_in_removing_from_device',
  'access_code.failed_to_remove_from_device',
  'access_code.modified_external_to_seam',
  'access_code.deleted_external_to_seam',
  'access_code.backup_access_code_pulled',
  'access_code.unmanaged.converted_to_managed',
  'access_code.unmanaged.failed_to_convert_to_managed',
  'access_code.unmanaged.created',
  'access_code.unmanaged.removed',
] as const

export const deviceEventTypes = [
  'device.connected',
  'device.added',
  'device.disconnected',
  'device.removed',
  'device.deleted',
  'device.low_battery',
  'device.battery_status_changed',
  'connected_account.connected',
  'connected_account.disconnected',
] as const

/** What happened at the lock itself: a PIN entered at its keypad opened it, or was refused. */
export const lockEventTypes = ['lock.unlocked', 'lock.access_denied'] as const

/**
 * Latchkey's own events, for its activity page only (the API's /events/list and /events/get leave them out): a
 * dashboard member revealed a PIN (`revealed_by_user_id`, `revealed_by_email`).
 */
export const latchkeyEventTypes = ['access_code.pin_revealed'] as const

export const eventType = z.enum([
  ...accessCodeEventTypes,
  ...deviceEventTypes,
  ...lockEventTypes,
  ...latchkeyEventTypes,
])
export type EventType = z.infer<typeof eventType>

export const DEFAULT_EVENT_LIST_LIMIT = 500

// Seam's list accepts more filter kinds (access grants, ACS, spaces, …); Latchkey has no such objects, so those
// filters are accepted and match nothing rather than being ignored.
const foreignFilters = [
  'access_grant_id',
  'access_method_id',
  'acs_access_group_id',
  'acs_credential_id',
  'acs_encoder_id',
  'acs_entrance_id',
  'acs_system_id',
  'acs_user_id',
  'connect_webview_id',
  'user_identity_id',
] as const
const foreignListFilters = ['access_grant_ids', 'access_method_ids', 'acs_system_ids'] as const

export const listEventsInput = z
  .strictObject({
    since: isoDateTime.optional(),
    between: oneOrMany(isoDateTime).optional(),
    access_code_id: uuid.optional(),
    access_code_ids: oneOrMany(uuid).optional(),
    device_id: uuid.optional(),
    device_ids: oneOrMany(uuid).optional(),
    connected_account_id: uuid.optional(),
    event_ids: oneOrMany(uuid).optional(),
    event_type: filterText.optional(),
    event_types: oneOrMany(filterText).optional(),
    space_id: uuid.optional(),
    space_ids: oneOrMany(uuid).optional(),
    customer_key: filterText.optional(),
    limit: limit(10_000).default(DEFAULT_EVENT_LIST_LIMIT),
    unstable_offset: z.coerce
      .number()
      .int()
      .min(0)
      .max(MAX_LIST_OFFSET, `must be at most ${MAX_LIST_OFFSET.toLocaleString('en-US')}: narrow the filters instead`)
      .optional(),
    ...Object.fromEntries(foreignFilters.map((key) => [key, uuid.optional()])),
    ...Object.fromEntries(foreignListFilters.map((key) => [key, oneOrMany(uuid).optional()])),
  })
  .superRefine((value, ctx) => {
    if (value.since === undefined && value.between === undefined) {
      ctx.addIssue({ code: 'custom', path: ['since'], message: 'give since or between' })
    }
    if (value.between !== undefined && value.between.length !== 2) {
      ctx.addIssue({ code: 'custom', path: ['between'], message: 'must hold exactly two timestamps' })
    }
  })
export type ListEventsInput = z.infer<typeof listEventsInput> & Partial<Record<(typeof foreignFilters)[number], string>>

export const foreignEventFilterKeys: readonly string[] = [...foreignFilters, ...foreignListFilters]

export const getEventInput = z
  .strictObject({ event_id: uuid.optional(), device_id: uuid.optional(), event_type: filterText.optional() })
  .superRefine((value, ctx) => {
    if (value.event_id === undefined && value.device_id === undefined && value.event_type === undefined) {
      ctx.addIssue({ code: 'custom', path: ['event_id'], message: 'give event_id, or device_id and/or event_type' })
    }
  })

// Each event type adds fields of its own (`code`, `backup_access_code_id`, …), hence the catch-all.
export const eventSchema = z
  .object({
    event_id: uuid,
    workspace_id: uuid,
    event_type: z.string(),
    created_at: timestamp,
    occurred_at: timestamp,
    device_id: uuid.optional(),
    access_code_id: uuid.optional(),
    connected_account_id: uuid.optional(),
  })
  .catchall(z.unknown())
export type SeamEvent = z.infer<typeof eventSchema>

export const listEventsResponse = z.object({ events: z.array(eventSchema) })
export type ListEventsResponse = z.infer<typeof listEventsResponse>

export const getEventResponse = z.object({ event: eventSchema, message: z.string() })
