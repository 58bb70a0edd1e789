/**
 * What a service refuses, and why, in words a caller can act on. Services throw these; they know nothing of HTTP.
 * The API layer (lib/api/errors.ts) gives each type its status and puts it in Seam's error envelope.
 */
export const domainErrorTypes = [
  'invalid_input',
  'access_code_not_time_bound',
  'backup_access_code_pool_not_enabled',
  'offline_access_codes_not_supported',
  'online_access_codes_not_supported',
  'backup_access_code_pool_not_supported',
  'not_a_sandbox_device',
  'not_a_sandbox_workspace',
  'not_a_sandbox_account',
  'fault_not_possible_on_device',
  'not_a_lock_fault',
  'no_managed_codes_on_keypad',
  'access_code_not_on_device',
  'no_space_for_access_code_on_device',
  'too_many_access_codes',
  'connected_account_not_found',
  'workspace_not_found',
  'api_key_not_found',
  'unauthorized',
  'forbidden',
  'device_not_found',
  'access_code_not_found',
  'action_attempt_not_found',
  'event_not_found',
  'duplicate_access_code',
  'code_cannot_be_shared',
  'empty_backup_access_code_pool',
  'cannot_generate_code',
  // Stays (issue 8)
  'stay_not_found',
  'reservation_key_in_use',
  'stay_cannot_be_scheduled',
  'stay_cancelled',
  // Throttling (issue 13): sign-in attempts, password checks, an API key's request rate. Carries retry_after_seconds.
  'too_many_requests',
  // Seam webhooks (issue 14): a delivery whose id was already accepted.
  'webhook_replayed',
  // Moving a lock (issue 14): live codes of stays of its current property hold it there.
  'device_has_stay_codes',
] as const

export type DomainErrorType = (typeof domainErrorTypes)[number]

/** Messages per input field; the key '' holds messages about the input as a whole. */
export type FieldErrors = Record<string, string[]>

export class DomainError extends Error {
  readonly type: DomainErrorType
  /** Facts a caller may act on (`device_id`, `conflicting_access_code_id`, …), sent alongside the message. */
  readonly details: Record<string, unknown>
  /** For `invalid_input`: which fields were wrong. */
  readonly fieldErrors: FieldErrors

  constructor(
    type: DomainErrorType,
    message: string,
    details: Record<string, unknown> = {},
    fieldErrors: FieldErrors = {},
  ) {
    super(message)
    this.name = 'DomainError'
    this.type = type
    this.details = details
    this.fieldErrors = fieldErrors
  }

  /** A missing object (device, code, event, …): pages show their "not found" screen for these. */
  get isNotFound(): boolean {
    return this.type.endsWith('_not_found')
  }
}

/** Bad input, naming the field(s). */
export function invalidInput(fields: FieldErrors, summary?: string): DomainError {
  const parts = Object.entries(fields).flatMap(([field, messages]) =>
    field === '' ? messages : [`${field}: ${messages.join('; ')}`],
  )
  return new DomainError('invalid_input', summary ?? `Invalid input. ${parts.join('. ')}`, {}, fields)
}
