import type { UseFormSetError } from 'react-hook-form'
import { z } from 'zod'
import { ApiClientError } from '@/lib/client/api-client'
import { applyApiErrorToForm } from '@/lib/client/form-errors'
import { pinCode } from '@/lib/schemas/access-code'
import { sentence } from '@/lib/schemas/access-code-form'
import { lockProblemSchema, type LockProblem } from '@/lib/schemas/lock-check'
import { createStayInput, MAX_STAY_DOORS, type CreateStayBody } from '@/lib/schemas/stay'
import { zonedInputToUtc } from '@/lib/time/zoned'

/**
 * The new-stay form: its values, its schema (the API's field rules from createStayInput, with the times typed in the
 * property's zone and each message on its field), the request it sends, and where the API's errors go back on it.
 */

const shape = createStayInput.shape

const stayFormFields = z.object({
  propertyId: z.string().min(1, 'Choose the property.'),
  deviceIds: z
    .array(z.string())
    .min(1, 'Choose at least one door.')
    .max(MAX_STAY_DOORS, `A stay has at most ${MAX_STAY_DOORS} doors.`),
  guestName: z.string().trim().min(1, 'Enter the guest’s name.').pipe(shape.guest_name),
  reservationKey: z
    .string()
    .trim()
    .min(1, 'Enter the reservation’s key, e.g. its number in your booking system.')
    .pipe(shape.reservation_key),
  /** `YYYY-MM-DDTHH:mm` in the property's zone. */
  checkIn: z.string(),
  checkOut: z.string(),
  /** Empty: Latchkey picks a PIN every door accepts. */
  code: z.string().trim(),
})

export type StayFormValues = z.infer<typeof stayFormFields>
export type StayFormField = keyof StayFormValues

export const emptyStayFormValues = (propertyId = ''): StayFormValues => ({
  propertyId,
  deviceIds: [],
  guestName: '',
  reservationKey: '',
  checkIn: '',
  checkOut: '',
  code: '',
})

/**
 * The form's schema. `timezoneOf` gives a property's zone (the times are read in it); `now` is a function, so a form
 * left open for an hour checks against the real now.
 */
export function stayFormSchema(
  timezoneOf: (propertyId: string) => string | undefined,
  now: () => Date = () => new Date(),
) {
  return stayFormFields.superRefine((values, ctx) => {
    if (values.code !== '') {
      const parsed = pinCode.safeParse(values.code)
      if (!parsed.success)
        ctx.addIssue({
          code: 'custom',
          path: ['code'],
          message: parsed.error.issues.map((issue) => sentence(issue.message)).join(' '),
        })
    }
    const zone = timezoneOf(values.propertyId)
    if (zone === undefined) return
    const checkIn = readTime(values.checkIn, 'check-in', zone)
    const checkOut = readTime(values.checkOut, 'check-out', zone)
    if (typeof checkIn === 'object') ctx.addIssue({ code: 'custom', path: ['checkIn'], message: checkIn.problem })
    if (typeof checkOut === 'object') ctx.addIssue({ code: 'custom', path: ['checkOut'], message: checkOut.problem })
    if (typeof checkIn !== 'string' || typeof checkOut !== 'string') return
    if (new Date(checkOut) <= new Date(checkIn))
      ctx.addIssue({ code: 'custom', path: ['checkOut'], message: 'Must be after check-in.' })
    else if (new Date(checkOut) <= now())
      ctx.addIssue({ code: 'custom', path: ['checkOut'], message: 'Must be in the future.' })
  })
}

function readTime(value: string, what: string, timeZone: string): string | { problem: string } {
  if (value === '') return { problem: `Choose the ${what} date and time.` }
  return zonedInputToUtc(value, timeZone) ?? { problem: 'Enter a date and time, e.g. 2026-03-06 15:00.' }
}

/** Form values (already parsed by the schema) → /stays/create, times as UTC instants in the property's zone. */
export function toCreateStayBody(values: StayFormValues, timeZone: string, dryRun: boolean): CreateStayBody {
  const checkIn = zonedInputToUtc(values.checkIn, timeZone)
  const checkOut = zonedInputToUtc(values.checkOut, timeZone)
  // The schema has already refused these; reaching here is a programming error.
  if (checkIn === undefined || checkOut === undefined) throw new Error('A stay needs valid check-in and check-out.')
  const body: CreateStayBody = {
    reservation_key: values.reservationKey.trim(),
    guest_name: values.guestName.trim(),
    property_id: values.propertyId,
    device_ids: values.deviceIds,
    check_in: checkIn,
    check_out: checkOut,
    dry_run: dryRun,
  }
  const code = values.code.trim()
  if (code !== '') body.code = code
  return body
}

/** Request field (wire name) → stay form field. */
export const stayFieldsByApiField: Readonly<Record<string, StayFormField>> = {
  reservation_key: 'reservationKey',
  guest_name: 'guestName',
  property_id: 'propertyId',
  device_ids: 'deviceIds',
  check_in: 'checkIn',
  check_out: 'checkOut',
  code: 'code',
}

/** Error types of the stays API that are about one request field, though they are not `invalid_input`. */
export const stayFieldByErrorType: Readonly<Record<string, string>> = {
  reservation_key_in_use: 'reservation_key',
}

/**
 * Puts what the API said about a new stay back where the person can act on it: a reservation key another stay has on
 * that field, the fields of `invalid_input` on theirs; answers the form-level message left over, if any.
 */
export function applyStayErrorToForm(error: unknown, setError: UseFormSetError<StayFormValues>): string | undefined {
  if (error instanceof ApiClientError) {
    const apiField = stayFieldByErrorType[error.type]
    const field = apiField === undefined ? undefined : stayFieldsByApiField[apiField]
    if (field !== undefined) {
      setError(field, { type: 'server', message: sentence(error.message) }, { shouldFocus: true })
      return undefined
    }
  }
  return applyApiErrorToForm(error, setError, stayFieldsByApiField)
}

/** The plan's problems a refused write carries (`stay_cannot_be_scheduled`), to show them as a preview shows them. */
export function problemsOfError(error: unknown): LockProblem[] | undefined {
  if (!(error instanceof ApiClientError)) return undefined
  const parsed = z.array(lockProblemSchema).safeParse(error.details.problems)
  return parsed.success && parsed.data.length > 0 ? parsed.data : undefined
}
