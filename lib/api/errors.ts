import { z } from 'zod'

/** Every error type the API answers with, and its HTTP status. One table for the whole API. */
export const errorStatus = {
  invalid_input: 400,
  access_code_not_time_bound: 400,
  backup_access_code_pool_not_enabled: 400,
  offline_access_codes_not_supported: 400,
  online_access_codes_not_supported: 400,
  backup_access_code_pool_not_supported: 400,
  not_a_sandbox_device: 400,
  access_code_not_on_device: 409,
  no_space_for_access_code_on_device: 409,
  connected_account_not_found: 404,
  workspace_not_found: 404,
  api_key_not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  device_not_found: 404,
  access_code_not_found: 404,
  action_attempt_not_found: 404,
  event_not_found: 404,
  endpoint_not_found: 404,
  method_not_allowed: 405,
  duplicate_access_code: 409,
  code_cannot_be_shared: 409,
  empty_backup_access_code_pool: 409,
  cannot_generate_code: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_server_error: 500,
} as const satisfies Record<string, number>

export type ErrorType = keyof typeof errorStatus

export type ValidationErrors = Record<string, unknown>

export class ApiError extends Error {
  readonly type: ErrorType
  readonly details: Record<string, unknown>

  constructor(type: ErrorType, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.name = 'ApiError'
    this.type = type
    this.details = details
  }

  get status(): number {
    return errorStatus[this.type]
  }
}

/**
 * Bad input, naming the field(s). `validation_errors` follows the shape the Seam SDK reads
 * (`validation_errors[field]._errors`), so `SeamHttpInvalidInputError.getValidationErrorMessages(field)` works.
 */
export function invalidInput(fields: Record<string, string[]>, summary?: string): ApiError {
  const formErrors: string[] = []
  const validation_errors: Record<string, unknown> = { _errors: formErrors }
  const parts: string[] = []
  for (const [field, messages] of Object.entries(fields)) {
    if (field === '') {
      formErrors.push(...messages)
      parts.push(...messages)
    } else {
      validation_errors[field] = { _errors: messages }
      parts.push(`${field}: ${messages.join('; ')}`)
    }
  }
  return new ApiError('invalid_input', summary ?? `Invalid input. ${parts.join('. ')}`, { validation_errors })
}

/** Turns a zod failure into `invalid_input`, one entry per top-level field. */
export function fromZodError(error: z.ZodError): ApiError {
  const fields: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : ''
    let message = issue.message
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) (fields[key] ??= []).push('is not a parameter of this endpoint')
      continue
    }
    if (issue.path.length > 1) message = `${issue.path.slice(1).join('.')}: ${message}`
    ;(fields[field] ??= []).push(message)
  }
  return invalidInput(fields)
}
