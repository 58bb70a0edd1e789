import { z } from 'zod'
import {
  checkTimeWindow,
  isoDateTime,
  limit,
  oneOrMany,
  pageCursor,
  paginationSchema,
  uuid,
} from '@/lib/schemas/common'

export const MIN_CODE_LENGTH = 4
export const MAX_CODE_LENGTH = 20

export const pinCode = z
  .string({ message: 'must be a string of digits' })
  .regex(/^\d+$/, 'must contain only digits 0-9')
  .min(MIN_CODE_LENGTH, `must be at least ${MIN_CODE_LENGTH} digits`)
  .max(MAX_CODE_LENGTH, `must be at most ${MAX_CODE_LENGTH} digits`)

export const maxTimeRounding = z.enum(['1hour', '1day', '1h', '1d'])

const codeName = z.string().trim().max(200, 'must be at most 200 characters')

/** Fields shared by create, create_multiple and update. */
const accessCodeFields = z.object({
  name: codeName.optional(),
  code: pinCode.optional(),
  starts_at: isoDateTime.optional(),
  ends_at: isoDateTime.optional(),
  allow_external_modification: z.boolean().optional(),
  is_external_modification_allowed: z.boolean().optional(),
  attempt_for_offline_device: z.boolean().optional(),
  prefer_native_scheduling: z.boolean().optional(),
  preferred_code_length: z.number().int('must be a whole number').min(MIN_CODE_LENGTH).max(MAX_CODE_LENGTH).optional(),
  use_backup_access_code_pool: z.boolean().optional(),
  is_offline_access_code: z.boolean().optional(),
  is_one_time_use: z.boolean().optional(),
  max_time_rounding: maxTimeRounding.optional(),
})

export const createAccessCodeInput = z
  .strictObject({
    ...accessCodeFields.shape,
    device_id: uuid,
    common_code_key: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine(checkTimeWindow)
export type CreateAccessCodeInput = z.infer<typeof createAccessCodeInput>

export const createMultipleAccessCodesInput = z
  .strictObject({
    ...accessCodeFields.omit({
      use_backup_access_code_pool: true,
      is_offline_access_code: true,
      is_one_time_use: true,
      max_time_rounding: true,
    }).shape,
    device_ids: z.array(uuid).min(1, 'must name at least one device').max(500, 'must name at most 500 devices'),
    behavior_when_code_cannot_be_shared: z.enum(['throw', 'create_random_code']).default('throw'),
  })
  .superRefine((value, ctx) => {
    checkTimeWindow(value, ctx)
    if (new Set(value.device_ids).size !== value.device_ids.length) {
      ctx.addIssue({ code: 'custom', path: ['device_ids'], message: 'must not name the same device twice' })
    }
  })
export type CreateMultipleAccessCodesInput = z.infer<typeof createMultipleAccessCodesInput>

// On update a single bound may change (a stay's end moves); the service merges it with the stored window.
export const updateAccessCodeInput = z
  .strictObject({
    ...accessCodeFields.shape,
    access_code_id: uuid,
    device_id: uuid.optional(),
    type: z.enum(['ongoing', 'time_bound']).optional(),
    is_managed: z
      .literal(true, { message: 'must be true: use /access_codes/unmanaged/... to manage unmanaged codes' })
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.type === 'ongoing' && (value.starts_at !== undefined || value.ends_at !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: 'cannot be ongoing while starts_at or ends_at is given' })
    }
    if (
      value.starts_at !== undefined &&
      value.ends_at !== undefined &&
      new Date(value.ends_at) <= new Date(value.starts_at)
    ) {
      ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'must be after starts_at' })
    }
  })
export type UpdateAccessCodeInput = z.infer<typeof updateAccessCodeInput>

export const updateMultipleAccessCodesInput = z
  .strictObject({
    common_code_key: z.string().trim().min(1).max(200),
    name: codeName.optional(),
    starts_at: isoDateTime.optional(),
    ends_at: isoDateTime.optional(),
  })
  .superRefine(checkTimeWindow)
export type UpdateMultipleAccessCodesInput = z.infer<typeof updateMultipleAccessCodesInput>

export const deleteAccessCodeInput = z.strictObject({ access_code_id: uuid, device_id: uuid.optional() })

export const getAccessCodeInput = z
  .strictObject({ access_code_id: uuid.optional(), device_id: uuid.optional(), code: z.string().optional() })
  .superRefine((value, ctx) => {
    if (value.access_code_id === undefined && (value.device_id === undefined || value.code === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['access_code_id'],
        message: 'is required unless both device_id and code are given',
      })
    }
  })

export const DEFAULT_LIST_LIMIT = 55_000

export const listAccessCodesInput = z
  .strictObject({
    device_id: uuid.optional(),
    access_code_ids: oneOrMany(uuid).optional(),
    customer_key: z.string().optional(),
    user_identifier_key: z.string().optional(),
    limit: limit(DEFAULT_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
    page_cursor: pageCursor.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.device_id === undefined && value.access_code_ids === undefined) {
      ctx.addIssue({ code: 'custom', path: ['device_id'], message: 'is required unless access_code_ids is given' })
    }
  })
export type ListAccessCodesInput = z.infer<typeof listAccessCodesInput>

export const generateCodeInput = z.strictObject({ device_id: uuid })

export const pullBackupAccessCodeInput = z.strictObject({ access_code_id: uuid })

export const reportDeviceConstraintsInput = z
  .strictObject({
    device_id: uuid,
    supported_code_lengths: z
      .array(z.number().int().min(MIN_CODE_LENGTH).max(MAX_CODE_LENGTH))
      .min(1, 'must list at least one length')
      .optional(),
    min_code_length: z.number().int().min(MIN_CODE_LENGTH).max(MAX_CODE_LENGTH).optional(),
    max_code_length: z.number().int().min(MIN_CODE_LENGTH).max(MAX_CODE_LENGTH).optional(),
  })
  .superRefine((value, ctx) => {
    const hasRange = value.min_code_length !== undefined || value.max_code_length !== undefined
    if (value.supported_code_lengths !== undefined && hasRange) {
      ctx.addIssue({
        code: 'custom',
        path: ['supported_code_lengths'],
        message: 'give either supported_code_lengths or min_code_length/max_code_length, not both',
      })
    }
    if (value.supported_code_lengths === undefined && !hasRange) {
      ctx.addIssue({
        code: 'custom',
        path: ['supported_code_lengths'],
        message: 'give supported_code_lengths or min_code_length/max_code_length',
      })
    }
    if (
      value.min_code_length !== undefined &&
      value.max_code_length !== undefined &&
      value.min_code_length > value.max_code_length
    ) {
      ctx.addIssue({ code: 'custom', path: ['max_code_length'], message: 'must not be less than min_code_length' })
    }
  })
export type ReportDeviceConstraintsInput = z.infer<typeof reportDeviceConstraintsInput>

// ---- the object on the wire

export const accessCodeErrorSchema = z
  .object({ error_code: z.string(), message: z.string(), created_at: z.string() })
  .catchall(z.unknown())
export const accessCodeWarningSchema = z
  .object({ warning_code: z.string(), message: z.string(), created_at: z.string() })
  .catchall(z.unknown())

export const accessCodeStatus = z.enum(['unset', 'setting', 'set', 'removing', 'unknown'])
export type AccessCodeStatus = z.infer<typeof accessCodeStatus>

export const accessCodeSchema = z.object({
  access_code_id: z.string(),
  workspace_id: z.string(),
  device_id: z.string(),
  name: z.string().nullable(),
  code: z.string().nullable(),
  common_code_key: z.string().nullable(),
  type: z.enum(['ongoing', 'time_bound']),
  starts_at: z.string().nullable().optional(),
  ends_at: z.string().nullable().optional(),
  status: accessCodeStatus,
  created_at: z.string(),
  errors: z.array(accessCodeErrorSchema),
  warnings: z.array(accessCodeWarningSchema),
  is_managed: z.boolean(),
  is_backup: z.boolean().optional(),
  is_backup_access_code_available: z.boolean(),
  is_external_modification_allowed: z.boolean(),
  is_offline_access_code: z.boolean(),
  is_one_time_use: z.boolean(),
  is_scheduled_on_device: z.boolean().optional(),
  is_waiting_for_code_assignment: z.boolean().optional(),
  pulled_backup_access_code_id: z.string().nullable().optional(),
})
export type AccessCode = z.infer<typeof accessCodeSchema>

export const listAccessCodesResponse = z.object({
  access_codes: z.array(accessCodeSchema),
  pagination: paginationSchema,
})

// ---- unmanaged codes (found on a keypad, not created through Latchkey)

export const listUnmanagedAccessCodesInput = z.strictObject({
  device_id: uuid,
  limit: limit(300_000).default(300_000),
  page_cursor: pageCursor.optional(),
  user_identifier_key: z.string().optional(),
})
export type ListUnmanagedAccessCodesInput = z.infer<typeof listUnmanagedAccessCodesInput>

export const getUnmanagedAccessCodeInput = getAccessCodeInput

export const convertUnmanagedAccessCodeInput = z.strictObject({
  access_code_id: uuid,
  allow_external_modification: z.boolean().optional(),
  is_external_modification_allowed: z.boolean().optional(),
  force: z.boolean().optional(),
})
export type ConvertUnmanagedAccessCodeInput = z.infer<typeof convertUnmanagedAccessCodeInput>

export const updateUnmanagedAccessCodeInput = convertUnmanagedAccessCodeInput.extend({ is_managed: z.boolean() })
export type UpdateUnmanagedAccessCodeInput = z.infer<typeof updateUnmanagedAccessCodeInput>

export const deleteUnmanagedAccessCodeInput = z.strictObject({ access_code_id: uuid })
