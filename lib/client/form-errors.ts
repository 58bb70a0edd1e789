import type { FieldPath, FieldValues, UseFormSetError } from 'react-hook-form'
import { ApiClientError } from '@/lib/client/api-client'
import { sentence, type AccessCodeFormField } from '@/lib/schemas/access-code-form'

/**
 * Puts what the API said back where the person can act on it: a message about a request field goes on the form
 * field it came from (with the API's own words), anything else becomes one form-level message.
 */

/** Request field (wire name) → access-code form field. */
export const accessCodeFieldsByApiField: Readonly<Record<string, AccessCodeFormField>> = {
  name: 'name',
  code: 'code',
  preferred_code_length: 'code',
  type: 'type',
  starts_at: 'startsAt',
  ends_at: 'endsAt',
  use_backup_access_code_pool: 'useBackupPool',
}

/** Error types that are about one request field, though they are not `invalid_input`. */
const apiFieldByErrorType: Readonly<Record<string, string>> = {
  duplicate_access_code: 'code',
  code_cannot_be_shared: 'code',
  cannot_generate_code: 'code',
  access_code_not_time_bound: 'type',
  backup_access_code_pool_not_supported: 'use_backup_access_code_pool',
  backup_access_code_pool_not_enabled: 'use_backup_access_code_pool',
}

/** `device_id` → "Device id", for a message about a field the form does not show. */
const humanField = (field: string): string => {
  const words = field.replaceAll('_', ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** What to tell the person when something failed: the error's own message, or a generic one when it has none. */
export const failureMessage = (error: unknown): string =>
  error instanceof Error && error.message !== '' ? error.message : 'Something went wrong. Try again.'

/**
 * Maps `error` onto the form with `setError` and returns the form-level message, if any is left over.
 * Field messages are never replaced by the envelope's generic summary: a field that got its own message keeps it.
 */
export function applyApiErrorToForm<TValues extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<TValues>,
  fieldsByApiField: Readonly<Record<string, FieldPath<TValues>>>,
): string | undefined {
  if (!(error instanceof ApiClientError)) {
    return sentence(failureMessage(error))
  }
  const fieldMessages = new Map<FieldPath<TValues>, string[]>()
  const leftOver: string[] = []

  if (error.type === 'invalid_input') {
    for (const [apiField, messages] of Object.entries(error.fieldErrors)) {
      const field = fieldsByApiField[apiField]
      if (messages.length === 0) continue
      if (field === undefined) leftOver.push(`${humanField(apiField)}: ${messages.join('; ')}`)
      else fieldMessages.set(field, [...(fieldMessages.get(field) ?? []), ...messages])
    }
    leftOver.push(...formLevelMessages(error.details.validation_errors))
    // invalid_input with nothing we could place: the summary is all there is.
    if (fieldMessages.size === 0 && leftOver.length === 0) leftOver.push(error.message)
  } else {
    const apiField = apiFieldByErrorType[error.type]
    const field = apiField === undefined ? undefined : fieldsByApiField[apiField]
    if (field === undefined) leftOver.push(error.message)
    else fieldMessages.set(field, [error.message])
  }

  let first = true
  for (const [field, messages] of fieldMessages) {
    setError(field, { type: 'server', message: messages.map(sentence).join(' ') }, { shouldFocus: first })
    first = false
  }
  return leftOver.length === 0 ? undefined : leftOver.map(sentence).join(' ')
}

function formLevelMessages(validationErrors: unknown): string[] {
  if (typeof validationErrors !== 'object' || validationErrors === null) return []
  const messages = (validationErrors as { _errors?: unknown })._errors
  return Array.isArray(messages) ? messages.filter((m): m is string => typeof m === 'string' && m !== '') : []
}
