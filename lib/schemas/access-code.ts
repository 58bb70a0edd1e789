import { z } from 'zod'
import { actionAttemptResponse, actionAttemptSchema } from '@/lib/schemas/action-attempt'
import {
  checkTimeWindow,
  filterText,
  isoDateTime,
  limit,
  oneOrMany,
  pageCursor,
  paginationSchema,
  timestamp,
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
export type MaxTimeRounding = z.infer<typeof maxTimeRounding>
/** The documented default of max_time_rounding, in both spellings: what leaving it out means. */
export const DEFAULT_MAX_TIME_ROUNDING: readonly MaxTimeRounding[] = ['1hour', '1h']

const codeName = z.string().trim().max(200, 'must be at most 200 characters')

export const accessCodeType = z.enum(['ongoing', 'time_bound'])

/** Fields shared by create, create_multiple and update, all optional. */
const accessCodeFields = z
  .object({
    name: codeName,
    code: pinCode,
    starts_at: isoDateTime,
    ends_at: isoDateTime,
    allow_external_modification: z.boolean(),
    is_external_modification_allowed: z.boolean(),
    attempt_for_offline_device: z.boolean(),
    prefer_native_scheduling: z.boolean(),
    preferred_code_length: z.number().int('must be a whole number').min(MIN_CODE_LENGTH).max(MAX_CODE_LENGTH),
    use_backup_access_code_pool: z.boolean(),
    is_offline_access_code: z.boolean(),
    is_one_time_use: z.boolean(),
    max_time_rounding: maxTimeRounding,
  })
  .partial()

export const createAccessCodeInput = z
  .strictObject({
    ...accessCodeFields.shape,
    device_id: uuid,
    common_code_key: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine(checkTimeWindow)
export type CreateAccessCodeInput = z.infer<typeof createAccessCodeInput>
/** The request body as a client sends it (before defaults and normalization). */
export type CreateAccessCodeBody = z.input<typeof createAccessCodeInput>

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

/** When both bounds are given, the end comes after the start (either may also be given alone, on update). */
function checkEndsAfterStarts(
  value: { starts_at?: string | undefined; ends_at?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (
    value.starts_at !== undefined &&
    value.ends_at !== undefined &&
    new Date(value.ends_at) <= new Date(value.starts_at)
  )
    ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'must be after starts_at' })
}

// On update a single bound may change (a stay's end moves); the service merges it with the stored window.
export const updateAccessCodeInput = z
  .strictObject({
    ...accessCodeFields.shape,
    access_code_id: uuid,
    device_id: uuid.optional(),
    type: accessCodeType.optional(),
    is_managed: z
      .literal(true, { message: 'must be true: use /access_codes/unmanaged/... to manage unmanaged codes' })
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.type === 'ongoing' && (value.starts_at !== undefined || value.ends_at !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: 'cannot be ongoing while starts_at or ends_at is given' })
    }
    checkEndsAfterStarts(value, ctx)
  })
export type UpdateAccessCodeInput = z.infer<typeof updateAccessCodeInput>
export type UpdateAccessCodeBody = z.input<typeof updateAccessCodeInput>

// Like update, one bound may move alone (a late checkout moves only ends_at); the service merges it with each code's
// stored window.
export const updateMultipleAccessCodesInput = z
  .strictObject({
    common_code_key: z.string().trim().min(1).max(200),
    name: codeName.optional(),
    starts_at: isoDateTime.optional(),
    ends_at: isoDateTime.optional(),
  })
  .superRefine(checkEndsAfterStarts)
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

/**
 * The largest page of `/access_codes/list` and `/access_codes/unmanaged/list`, and their default (Seam's is 55,000).
 * As large as MAX_ACCESS_CODES_PER_DEVICE, so a lock's codes always fit one page of the default list.
 */
export const MAX_ACCESS_CODES_PAGE_SIZE = 5_000
export const DEFAULT_LIST_LIMIT = MAX_ACCESS_CODES_PAGE_SIZE
/** The most live codes (not deleted) one lock has in Latchkey: far beyond any keypad, short of unbounded work. */
export const MAX_ACCESS_CODES_PER_DEVICE = 5_000
export const MAX_SEARCH_LENGTH = 200
/** How long a part of a code id must be to match on it (see lib/access-codes/list-access-codes.ts). */
export const MIN_ID_SEARCH_LENGTH = 8

/**
 * Seam's `search`: a partial match on the code's name, PIN and id; Latchkey also matches the lock's name. Trimmed;
 * what is left must not be empty, as in Seam's schema (minLength 1).
 */
export const accessCodeSearch = z
  .string({ message: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_SEARCH_LENGTH, `must be at most ${MAX_SEARCH_LENGTH} characters`)

// Seam asks for device_id or access_code_ids; Latchkey also lists (and searches) the whole workspace without them,
// paginated like any list.
export const listAccessCodesInput = z.strictObject({
  device_id: uuid.optional(),
  access_code_ids: oneOrMany(uuid).optional(),
  customer_key: filterText.optional(),
  user_identifier_key: filterText.optional(),
  search: accessCodeSearch.optional(),
  limit: limit(DEFAULT_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  page_cursor: pageCursor.optional(),
})
export type ListAccessCodesInput = z.infer<typeof listAccessCodesInput>
/** The query as a client sends it. */
export type ListAccessCodesQuery = z.input<typeof listAccessCodesInput>

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
  .object({ error_code: z.string(), message: z.string(), created_at: timestamp })
  .catchall(z.unknown())
export const accessCodeWarningSchema = z
  .object({ warning_code: z.string(), message: z.string(), created_at: timestamp })
  .catchall(z.unknown())

export const accessCodeStatus = z.enum(['unset', 'setting', 'set', 'removing', 'unknown'])
export type AccessCodeStatus = z.infer<typeof accessCodeStatus>

export const accessCodeSchema = z.object({
  access_code_id: uuid,
  workspace_id: uuid,
  device_id: uuid,
  name: z.string().nullable(),
  code: z.string().nullable(),
  common_code_key: z.string().nullable(),
  type: accessCodeType,
  starts_at: timestamp.nullable().optional(),
  ends_at: timestamp.nullable().optional(),
  status: accessCodeStatus,
  created_at: timestamp,
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
  pulled_backup_access_code_id: uuid.nullable().optional(),
})
export type AccessCode = z.infer<typeof accessCodeSchema>

// ---- unmanaged codes (found on a keypad, not created through Latchkey)

// Seam asks for device_id; with a search, Latchkey also looks across the whole workspace without it, paginated.
export const listUnmanagedAccessCodesInput = z
  .strictObject({
    device_id: uuid.optional(),
    search: accessCodeSearch.optional(),
    limit: limit(MAX_ACCESS_CODES_PAGE_SIZE).default(MAX_ACCESS_CODES_PAGE_SIZE),
    page_cursor: pageCursor.optional(),
    user_identifier_key: filterText.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.device_id === undefined && value.search === undefined)
      ctx.addIssue({ code: 'custom', path: ['device_id'], message: 'is required unless search is given' })
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

/** Seam's `unmanaged_access_code`: a code found on the keypad, always `set`, with the fields it can know. */
export const unmanagedAccessCodeSchema = accessCodeSchema
  .pick({
    access_code_id: true,
    workspace_id: true,
    device_id: true,
    name: true,
    code: true,
    type: true,
    starts_at: true,
    ends_at: true,
    created_at: true,
    errors: true,
    warnings: true,
  })
  .extend({ status: z.literal('set'), is_managed: z.literal(false) })
export type UnmanagedAccessCode = z.infer<typeof unmanagedAccessCodeSchema>

// ---- responses: each operation's success body, without `ok`

export const createAccessCodeResponse = z.object({ access_code: accessCodeSchema, action_attempt: actionAttemptSchema })
export type CreateAccessCodeResponse = z.infer<typeof createAccessCodeResponse>

export const accessCodesResponse = z.object({ access_codes: z.array(accessCodeSchema) })
export type AccessCodesResponse = z.infer<typeof accessCodesResponse>

export const accessCodeResponse = z.object({ access_code: accessCodeSchema })
export type AccessCodeResponse = z.infer<typeof accessCodeResponse>

/** Update and delete answer with the action attempt the lock side completes. */
export const accessCodeActionResponse = actionAttemptResponse
export type AccessCodeActionResponse = z.infer<typeof actionAttemptResponse>

export const listAccessCodesResponse = accessCodesResponse.extend({ pagination: paginationSchema })
export type ListAccessCodesResponse = z.infer<typeof listAccessCodesResponse>

export const generateCodeResponse = z.object({ generated_code: z.object({ device_id: uuid, code: pinCode }) })
export type GenerateCodeResponse = z.infer<typeof generateCodeResponse>

export const pullBackupAccessCodeResponse = z.object({
  access_code: accessCodeSchema,
  backup_access_code: accessCodeSchema,
})
export type PullBackupAccessCodeResponse = z.infer<typeof pullBackupAccessCodeResponse>

export const unmanagedAccessCodeResponse = z.object({ access_code: unmanagedAccessCodeSchema })

export const listUnmanagedAccessCodesResponse = z.object({
  access_codes: z.array(unmanagedAccessCodeSchema),
  pagination: paginationSchema,
})
export type ListUnmanagedAccessCodesResponse = z.infer<typeof listUnmanagedAccessCodesResponse>
