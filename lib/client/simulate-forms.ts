import { z } from 'zod'
import {
  simulateCreateUnmanagedInput,
  simulateKeypadCodeEntryInput,
  simulateModifyOnKeypadInput,
} from '@/lib/schemas/simulate'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { KeypadEntryRefusal } from '@/lib/schemas/simulate'
import { refusalInWords } from '@/lib/shared/event-in-words'

/** The Simulate panel's forms: the simulate endpoints' own requests, for the lock the page is about. */

export const keypadEntryFormInput = simulateKeypadCodeEntryInput.omit({ device_id: true })
export type KeypadEntryFormInput = z.infer<typeof keypadEntryFormInput>

export const unmanagedCodeFormInput = simulateCreateUnmanagedInput.omit({ device_id: true })
export type UnmanagedCodeFormInput = z.infer<typeof unmanagedCodeFormInput>

export const modifyOnKeypadFormInput = simulateModifyOnKeypadInput.extend({
  access_code_id: simulateModifyOnKeypadInput.shape.access_code_id.or(z.literal('')).refine((id) => id !== '', {
    message: 'Choose a code',
  }),
})
export type ModifyOnKeypadFormInput = z.infer<typeof modifyOnKeypadFormInput>

/** The most refusals the panel asks for at once (the API takes up to 1,000). */
export const MAX_REFUSALS = 100
const refusals = z
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be 0 or more')
  .max(MAX_REFUSALS, `must be at most ${MAX_REFUSALS}`)

/** /devices/simulate/fail_next_operations: how many programming requests and removals the lock refuses (0 clears). */
export const failNextFormInput = z.strictObject({ set: refusals, remove: refusals })
export type FailNextFormInput = z.infer<typeof failNextFormInput>

/** The codes whose PIN is on the keypad now (set, or scheduled there by the lock): those a person can change there. */
export const codesOnKeypad = (codes: readonly AccessCode[]): AccessCode[] =>
  codes.filter((c) => c.status === 'set' || c.is_scheduled_on_device === true)

/** "Refused: not active yet", for the panel's answer to a PIN entered at the keypad. */
export const refusalHeading = (reason: KeypadEntryRefusal | null): string =>
  reason === null ? 'The door stayed locked' : `The door stayed locked: ${refusalInWords[reason]}`
