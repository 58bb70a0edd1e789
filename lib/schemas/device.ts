import { z } from 'zod'
import { isoDateTime, limit, oneOrMany, pageCursor, uuid } from '@/lib/schemas/common'

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
