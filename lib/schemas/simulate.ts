import { z } from 'zod'
import { pinCode } from '@/lib/schemas/access-code'
import { uuid } from '@/lib/schemas/common'
import { isCatalogued } from '@/lib/shared/issue-catalogue'

export const simulateDeviceInput = z.strictObject({ device_id: uuid })

export const simulateCreateUnmanagedInput = z.strictObject({
  device_id: uuid,
  code: pinCode,
  name: z.string().trim().min(1).max(200),
})

export const simulateFailNextOperationsInput = z
  .strictObject({
    device_id: uuid,
    set: z.number().int().min(0).max(1_000).optional(),
    remove: z.number().int().min(0).max(1_000).optional(),
  })
  .refine((v) => v.set !== undefined || v.remove !== undefined, { path: ['set'], message: 'give set and/or remove' })

export const simulateModifyOnKeypadInput = z.strictObject({ access_code_id: uuid, code: pinCode })

export const simulateRemoveFromKeypadInput = z.strictObject({ access_code_id: uuid })

export const simulateConnectedAccountInput = z.strictObject({ connected_account_id: uuid })

export const simulateFillKeypadResponse = z.object({ codes_added: z.number().int().min(0) })

/** The most lock operations one `/devices/simulate/fault` call may affect. */
export const MAX_FAULT_OPERATIONS = 100

/**
 * `/devices/simulate/fault`: an error or warning code of the access code object. Whether the lock's brand can have
 * it, and whether `operations` applies to it, is the service's to say (the fault table is server-side).
 */
export const simulateFaultInput = z.strictObject({
  device_id: uuid,
  fault: z
    .string()
    .trim()
    .refine((code) => isCatalogued('error', code) || isCatalogued('warning', code), {
      message: 'is not an error or warning code of the access code object',
    }),
  operations: z.number().int().min(1).max(MAX_FAULT_OPERATIONS).optional(),
})
export type SimulateFaultInput = z.infer<typeof simulateFaultInput>

/** The dashboard's Simulate panel: the same request, for the lock the page is about. */
export const simulateFaultFormInput = simulateFaultInput.omit({ device_id: true })
export type SimulateFaultFormInput = z.infer<typeof simulateFaultFormInput>

// ---- /devices/simulate/keypad_code_entry: someone types a PIN at a sandbox lock

export const simulateKeypadCodeEntryInput = z.strictObject({
  device_id: uuid,
  // Whatever is typed: a keypad takes any run of digits, and one the lock does not hold is refused at the door.
  code: z
    .string({ message: 'must be a string of digits' })
    .regex(/^\d+$/, 'must contain only digits 0-9')
    .max(20, 'must be at most 20 digits'),
})

/** Why the lock did not open, most specific first. */
export const keypadEntryRefusal = z.enum([
  /** The lock is offline: it takes no entry and reports nothing. */
  'device_offline',
  /** Its hub, bridge, gateway or account is down: Latchkey hears nothing from it. */
  'device_unreachable',
  /** The keypad holds the PIN, switched off by the lock. */
  'disabled',
  /** The PIN's code (on the keypad, offline, or in Latchkey) has not started. */
  'not_active_yet',
  /** The PIN's code has ended, was deleted or was removed. */
  'no_longer_active',
  /** A one-time code, already used once. */
  'already_used',
  /** An igloohome offline code longer than a day that was not used within 24 hours of its start. */
  'not_activated_in_time',
  /** A live code of this lock in Latchkey has the PIN, but the keypad does not (yet): the message says why. */
  'not_on_lock',
  /** Neither the lock nor Latchkey knows the PIN on this lock. */
  'unknown_code',
])
export type KeypadEntryRefusal = z.infer<typeof keypadEntryRefusal>

export const keypadCodeEntrySchema = z.object({
  device_id: uuid,
  code: z.string(),
  unlocked: z.boolean(),
  reason: keypadEntryRefusal.nullable(),
  /** What happened, in plain words, naming the code and its times in the property's time zone. */
  message: z.string(),
  /** The code the PIN belongs to (managed or unmanaged), as far as the lock or Latchkey knows. */
  access_code_id: uuid.nullable(),
  access_code_is_managed: z.boolean().nullable(),
  /** A one-time code that this entry used up (it is deleted now). */
  used_up: z.boolean(),
  /** The lock.unlocked or lock.access_denied event recorded; null when the lock could report nothing. */
  event_id: uuid.nullable(),
})
export type KeypadCodeEntry = z.infer<typeof keypadCodeEntrySchema>

export const simulateKeypadCodeEntryResponse = z.object({ keypad_code_entry: keypadCodeEntrySchema })
