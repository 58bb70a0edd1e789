import 'server-only'
import { z } from 'zod'
import { DomainError, invalidInput, type DomainErrorType, type FieldErrors } from '@/lib/errors/domain-error'

/** Refusals that belong to HTTP itself, not to any service. */
export type HttpErrorType = 'endpoint_not_found' | 'method_not_allowed' | 'payload_too_large' | 'internal_server_error'

export type ErrorType = DomainErrorType | HttpErrorType

/** Every error type the API answers with, and its HTTP status. One table for the whole API. */
export const errorStatus = {
  invalid_input: 400,
  access_code_not_time_bound: 400,
  backup_access_code_pool_not_enabled: 400,
  offline_access_codes_not_supported: 400,
  online_access_codes_not_supported: 400,
  backup_access_code_pool_not_supported: 400,
  not_a_sandbox_device: 400,
  not_a_sandbox_workspace: 400,
  not_a_sandbox_account: 400,
  fault_not_possible_on_device: 400,
  not_a_lock_fault: 400,
  no_managed_codes_on_keypad: 400,
  access_code_not_on_device: 409,
  no_space_for_access_code_on_device: 409,
  too_many_access_codes: 409,
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
  stay_not_found: 404,
  reservation_key_in_use: 400,
  stay_cannot_be_scheduled: 400,
  stay_cancelled: 400,
  payload_too_large: 413,
  too_many_requests: 429,
  webhook_replayed: 409,
  device_has_stay_codes: 409,
  internal_server_error: 500,
} as const satisfies Record<ErrorType, number>

/** An HTTP-level refusal (unknown path, wrong method, body too large), raised only inside lib/api. */
export class HttpError extends Error {
  readonly type: HttpErrorType
  constructor(type: HttpErrorType, message: string) {
    super(message)
    this.name = 'HttpError'
    this.type = type
  }
}

/**
 * `validation_errors` in the shape the Seam SDK reads (`validation_errors[field]._errors`), so
 * `SeamHttpInvalidInputError.getValidationErrorMessages(field)` works.
 */
function validationErrors(fields: FieldErrors): Record<string, unknown> {
  // fromEntries: a field named `__proto__` becomes a key, where an assignment would set the prototype.
  return Object.fromEntries([
    ['_errors', Object.hasOwn(fields, '') ? fields[''] : []],
    ...Object.entries(fields)
      .filter(([field]) => field !== '')
      .map(([field, messages]) => [field, { _errors: messages }]),
  ])
}

/** The body of Seam's error envelope (without `request_id`) for a refusal, and its status. */
export function errorOf(error: DomainError | HttpError): {
  status: number
  type: ErrorType
  message: string
  details: Record<string, unknown>
} {
  const details =
    error instanceof DomainError && Object.keys(error.fieldErrors).length > 0
      ? { ...error.details, validation_errors: validationErrors(error.fieldErrors) }
      : error instanceof DomainError
        ? error.details
        : {}
  return { status: errorStatus[error.type], type: error.type, message: error.message, details }
}

/** Turns a zod failure into `invalid_input`, one entry per top-level field. */
export function fromZodError(error: z.ZodError): DomainError {
  // A Map, not an object: a field may be named `constructor` or `__proto__`, which a plain object already "has".
  const fields = new Map<string, string[]>()
  const add = (field: string, message: string): void => {
    fields.set(field, [...(fields.get(field) ?? []), message])
  }
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : ''
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(key, 'is not a parameter of this endpoint')
      continue
    }
    add(field, issue.path.length > 1 ? `${issue.path.slice(1).join('.')}: ${issue.message}` : issue.message)
  }
  return invalidInput(Object.fromEntries(fields))
}
