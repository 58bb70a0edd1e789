import { z } from 'zod'
import { uuid } from '@/lib/schemas/common'

/**
 * What stops (or warns about) putting one code on one lock, before anything is written: the same words for the bulk
 * page's pre-check, a stay's dry run and a CSV import's preview (lib/scheduling/placement-checks.ts finds them).
 */
export const lockProblemCodes = [
  /** The lock is not in the workspace (or never was): a name or id that matches nothing. */
  'unknown_lock',
  /** The lock was removed from its account. */
  'lock_removed',
  /** The PIN breaks the lock's lengths or rules (named in the message). */
  'pin_not_allowed_on_lock',
  /** Another code (managed or unmanaged) holds the PIN on the lock over the window. */
  'pin_in_use_on_lock',
  /** Two rows or requests would put one PIN on one lock at once (CSV import). */
  'duplicate_pin_in_file',
  /** Every slot of the keypad is taken at some moment of the window, counting codes scheduled ahead. */
  'no_free_slot',
  /** The lock already has as many codes as Latchkey keeps on one lock (MAX_ACCESS_CODES_PER_DEVICE). */
  'too_many_codes_on_lock',
  /** A warning: the name is longer than the lock keeps; it shows the first characters only. */
  'name_too_long',
  /** The lock cannot hold this kind of code (online, time-bound, backup pool…), named in the message. */
  'code_kind_not_supported',
  /** A warning: the lock is offline now; the code is programmed when it is back. */
  'lock_offline',
  /** A warning: the lock maker's account is disconnected; nothing reaches the lock until it is reconnected. */
  'account_disconnected',
  /** A warning: the lock chooses its own PINs, so its code gets a PIN of its own (shown when the lock gives it). */
  'lock_chooses_pin',
] as const
export const lockProblemCode = z.enum(lockProblemCodes)
export type LockProblemCode = z.infer<typeof lockProblemCode>

/** Warnings let the write go ahead; errors stop it (for that lock, or for the whole row). */
export const WARNING_LOCK_PROBLEMS: readonly LockProblemCode[] = [
  'lock_offline',
  'account_disconnected',
  'lock_chooses_pin',
  'name_too_long',
]

export const lockProblemSchema = z.object({
  /** null for a problem of the request or row itself. */
  device_id: uuid.nullable(),
  problem: z.string(),
  severity: z.enum(['error', 'warning']),
  /** Plain words: what is wrong and, where it helps, what to do. */
  message: z.string(),
})
export type LockProblem = z.infer<typeof lockProblemSchema>

/** One lock's answer to "can this code go on it?". */
export const lockCheckSchema = z.object({
  device_id: uuid,
  device_name: z.string(),
  property_id: uuid,
  property_name: z.string(),
  /** The lock's property's IANA zone: its local check-in and check-out are shown in it. */
  timezone: z.string(),
  manufacturer: z.string(),
  online: z.boolean(),
  /** Slots the keypad has (0: unknown or unlimited). */
  max_active_codes: z.number().int(),
  /** Slots taken at the busiest moment of the window (codes scheduled ahead included), before this code. */
  slots_in_use: z.number().int(),
  /** The PIN this lock would get: the shared one, its own, or null when the lock chooses it or none is picked yet. */
  code: z.string().nullable(),
  /** `ok`: takes the code as asked; `own_pin`: gets a PIN of its own; `refused`: an error stops it. */
  outcome: z.enum(['ok', 'own_pin', 'refused']),
  problems: z.array(lockProblemSchema),
})
export type LockCheck = z.infer<typeof lockCheckSchema>

// ---- /access_codes/create_multiple/check (Latchkey's own): the bulk page's per-lock check before anything is sent

/** The answer of /access_codes/create_multiple/check (its input is /access_codes/create_multiple's own). */
export const checkCreateMultipleResponse = z.object({
  /** One per lock, in the order of `device_ids`. */
  checks: z.array(lockCheckSchema),
  /** The PIN asked for, or the one picked that every lock accepts: send it with create_multiple to create what was checked. Null when none fits. */
  code: z.string().nullable(),
  /** Whether create_multiple with this body would put a code on every lock (no lock refused). */
  can_create: z.boolean(),
  /** One or two sentences: what would happen. */
  summary: z.string(),
})
export type CheckCreateMultipleResponse = z.infer<typeof checkCreateMultipleResponse>
