import { describe, expect, it } from 'vitest'
import type { ErrorOption, UseFormSetError } from 'react-hook-form'
import { ApiClientError } from '@/lib/client/api-client'
import { accessCodeFieldsByApiField, applyApiErrorToForm, failureMessage } from '@/lib/client/form-errors'
import type { AccessCodeFormValues } from '@/lib/schemas/access-code-form'

type Call = { field: string; error: ErrorOption; focus: boolean }

function fakeForm() {
  const calls: Call[] = []
  const setError: UseFormSetError<AccessCodeFormValues> = (field, error, options) => {
    calls.push({ field, error, focus: options?.shouldFocus === true })
  }
  const messages = () => Object.fromEntries(calls.map((c) => [c.field, c.error.message]))
  return { calls, setError, messages }
}

/** What the fetch client builds from the API's `invalid_input` envelope. */
const invalidInput = (fields: Record<string, string[]>, formErrors: string[] = [], message = 'Invalid input.') =>
  new ApiClientError(400, 'invalid_input', message, {
    validation_errors: {
      _errors: formErrors,
      ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { _errors: v }])),
    },
  })

const apply = (error: unknown) => {
  const form = fakeForm()
  const formError = applyApiErrorToForm(error, form.setError, accessCodeFieldsByApiField)
  return { formError, fields: form.messages(), calls: form.calls }
}

describe('mapping API errors onto the access-code form', () => {
  it('puts invalid_input field messages on the matching form fields, in the API’s words', () => {
    const { formError, fields, calls } = apply(
      invalidInput({
        code: ['must be 4 to 8 digits long on Front door (got 3)'],
        ends_at: ['must be in the future'],
        starts_at: ['must be in the future on Front door'],
        name: ['must be at most 200 characters'],
      }),
    )
    expect(fields).toEqual({
      code: 'Must be 4 to 8 digits long on Front door (got 3).',
      endsAt: 'Must be in the future.',
      startsAt: 'Must be in the future on Front door.',
      name: 'Must be at most 200 characters.',
    })
    expect(calls.every((c) => c.error.type === 'server')).toBe(true)
    // Focus goes to the first field only.
    expect(calls.map((c) => c.focus)).toEqual([true, false, false, false])
    expect(formError).toBeUndefined()
  })

  it('joins several messages for one field, and maps use_backup_access_code_pool and type', () => {
    const { fields } = apply(
      invalidInput({
        code: ['must not contain the digit 0 on Front door', 'must be 6 digits long on Front door (got 4)'],
        use_backup_access_code_pool: ['is only for time-bound codes: give starts_at and ends_at'],
        type: ['cannot be ongoing while starts_at or ends_at is given'],
      }),
    )
    expect(fields).toEqual({
      code: 'Must not contain the digit 0 on Front door. Must be 6 digits long on Front door (got 4).',
      useBackupPool: 'Is only for time-bound codes: give starts_at and ends_at.',
      type: 'Cannot be ongoing while starts_at or ends_at is given.',
    })
  })

  it('keeps field messages on their fields and reports fields the form does not have at form level', () => {
    const { formError, fields } = apply(
      invalidInput({ code: ['must contain only digits 0-9'], device_id: ['must be a UUID'] }),
    )
    expect(fields).toEqual({ code: 'Must contain only digits 0-9.' })
    expect(formError).toBe('Device id: must be a UUID.')
  })

  it('shows form-level validation messages, and the summary only when nothing else says what is wrong', () => {
    expect(apply(invalidInput({}, ['give starts_at and ends_at together'])).formError).toBe(
      'Give starts_at and ends_at together.',
    )
    const bare = apply(new ApiClientError(400, 'invalid_input', 'Invalid input. Body must be a JSON object.'))
    expect(bare.formError).toBe('Invalid input. Body must be a JSON object.')
    expect(bare.fields).toEqual({})
  })

  it('puts a duplicate PIN, an unshareable PIN and a failed generation on the PIN field', () => {
    const duplicate = apply(
      new ApiClientError(
        409,
        'duplicate_access_code',
        'PIN 4821 is already used on Front door by access code "Cleaner" (x).',
      ),
    )
    expect(duplicate).toMatchObject({
      formError: undefined,
      fields: { code: 'PIN 4821 is already used on Front door by access code "Cleaner" (x).' },
    })
    expect(apply(new ApiClientError(409, 'code_cannot_be_shared', 'PIN cannot be shared')).fields).toEqual({
      code: 'PIN cannot be shared.',
    })
    expect(
      apply(new ApiClientError(409, 'cannot_generate_code', 'No free PIN could be generated for Front door.')).fields,
    ).toEqual({
      code: 'No free PIN could be generated for Front door.',
    })
  })

  it('puts "not time-bound" on the type choice', () => {
    const { fields, formError } = apply(
      new ApiClientError(
        400,
        'access_code_not_time_bound',
        'This code uses the backup pool, which only time-bound codes can.',
      ),
    )
    expect(fields).toEqual({ type: 'This code uses the backup pool, which only time-bound codes can.' })
    expect(formError).toBeUndefined()
  })

  it('makes everything else a form-level message and touches no field', () => {
    for (const error of [
      new ApiClientError(404, 'device_not_found', 'Device d was not found.'),
      new ApiClientError(409, 'no_space_for_access_code_on_device', 'Front door is full.'),
      new ApiClientError(0, 'network_error', 'Latchkey could not be reached. Check your connection and try again.'),
    ]) {
      const { fields, formError } = apply(error)
      expect(fields).toEqual({})
      expect(formError).toBe(error.message)
    }
  })

  it('survives errors that are not from the API', () => {
    expect(apply(new TypeError('Failed to fetch')).formError).toBe('Failed to fetch.')
    expect(apply('boom').formError).toBe('Something went wrong. Try again.')
  })

  it('maps onto any form through the given field table', () => {
    const calls: string[] = []
    const setError: UseFormSetError<{ pin: string }> = (field, error) => {
      calls.push(`${field}=${error.message ?? ''}`)
    }
    const formError = applyApiErrorToForm(new ApiClientError(409, 'duplicate_access_code', 'taken'), setError, {
      code: 'pin',
    })
    expect(calls).toEqual(['pin=Taken.'])
    expect(formError).toBeUndefined()
  })

  it('puts the sign-in form’s field messages on its fields, and a refusal above the form', () => {
    const calls: string[] = []
    const setError: UseFormSetError<{ email: string; password: string }> = (field, error) => {
      calls.push(`${field}=${error.message ?? ''}`)
    }
    const fields = { email: 'email', password: 'password' } as const
    const invalid = applyApiErrorToForm(invalidInput({ email: ['invalid email address'] }), setError, fields)
    expect(calls).toEqual(['email=Invalid email address.'])
    expect(invalid).toBeUndefined()
    const refused = applyApiErrorToForm(
      new ApiClientError(401, 'unauthorized', 'Wrong email or password.'),
      setError,
      fields,
    )
    expect(refused).toBe('Wrong email or password.')
    expect(calls).toHaveLength(1)
  })
})

describe('failureMessage', () => {
  it('says what went wrong in the error’s own words, or a generic sentence when it has none', () => {
    expect(failureMessage(new ApiClientError(500, 'internal_server_error', 'The server failed.'))).toBe(
      'The server failed.',
    )
    expect(failureMessage(new Error(''))).toBe('Something went wrong. Try again.')
    expect(failureMessage(undefined)).toBe('Something went wrong. Try again.')
  })
})
