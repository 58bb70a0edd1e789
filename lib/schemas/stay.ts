import { z } from 'zod'
import { accessCodeSchema, pinCode } from '@/lib/schemas/access-code'
import { isoDateTime, limit, pageCursor, paginationSchema, timestamp, uuid } from '@/lib/schemas/common'
import { lockProblemSchema } from '@/lib/schemas/lock-check'

/**
 * Stays (Latchkey's own API, next to Seam's): one guest's access to several doors for one window, keyed by the
 * property-management system's reservation key. A stay's codes are ordinary access codes (one per door, linked by
 * `stay_id`), so Seam's endpoints see them as usual; the stay keeps them together when it is shifted, re-PINned,
 * given another door or cancelled.
 */

export const reservationKey = z
  .string({ message: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
export const guestName = z
  .string({ message: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')

export const MAX_STAY_DOORS = 50

const stayDeviceIds = z
  .array(uuid)
  .min(1, 'must name at least one lock')
  .max(MAX_STAY_DOORS, `must name at most ${MAX_STAY_DOORS} locks`)
  .refine((ids) => new Set(ids).size === ids.length, 'must not name a lock twice')

/** Where a stay is in time: derived from its window and the clock (cancelled when it was cancelled). */
export const stayStatus = z.enum(['upcoming', 'in_progress', 'ended', 'cancelled'])
export type StayStatus = z.infer<typeof stayStatus>

/**
 * One line for the whole stay: `ready` every door holds (or has scheduled) the code as it should; `pending` doors are
 * still being programmed and nothing is wrong; `at_risk` a door has a warning or its lock is offline and check-in is
 * near; `problem` a door has an error or lost its code; `ended` and `cancelled` as they say.
 */
export const stayHealth = z.enum(['ready', 'pending', 'at_risk', 'problem', 'ended', 'cancelled'])
export type StayHealth = z.infer<typeof stayHealth>

export const staySchema = z.object({
  stay_id: uuid,
  workspace_id: uuid,
  reservation_key: z.string(),
  guest_name: z.string(),
  property_id: uuid,
  property_name: z.string(),
  /** The property's IANA zone: check-in and check-out are entered and shown in it. */
  property_timezone: z.string(),
  check_in: timestamp,
  check_out: timestamp,
  /** The PIN the stay's doors share (doors whose lock chooses its own PIN have their own, on their code). */
  code: z.string().nullable(),
  device_ids: z.array(uuid),
  status: stayStatus,
  health: stayHealth,
  /** The health in one sentence, e.g. "2 of 3 doors ready; Pool gate is offline". */
  health_summary: z.string(),
  /** One per door: ordinary access codes (Seam's object). */
  access_codes: z.array(accessCodeSchema),
  created_at: timestamp,
  updated_at: timestamp,
  cancelled_at: timestamp.nullable(),
})
export type Stay = z.infer<typeof staySchema>

/** What a write does (or, with dry_run, would do) to each door. */
export const doorAction = z.enum(['create', 'update', 'remove', 'unchanged'])
export const stayDoorPlanSchema = z.object({
  device_id: uuid,
  device_name: z.string(),
  /** The lock's property's zone, for local times of doors in another zone than the stay's. */
  timezone: z.string(),
  action: doorAction,
  /** The door's existing code, for update, remove and unchanged. */
  access_code_id: uuid.nullable(),
  /** The PIN the door will hold (null when its lock chooses it). */
  code: z.string().nullable(),
  starts_at: timestamp.nullable(),
  ends_at: timestamp.nullable(),
  problems: z.array(lockProblemSchema),
})
export type StayDoorPlan = z.infer<typeof stayDoorPlanSchema>

export const stayPlanSchema = z.object({
  action: z.enum(['create', 'update', 'cancel', 'unchanged', 'error']),
  doors: z.array(stayDoorPlanSchema),
  /** Every problem: the stay's own (device_id null) and each door's. Any `error` stops the whole write. */
  problems: z.array(lockProblemSchema),
})
export type StayPlan = z.infer<typeof stayPlanSchema>

/** Every write accepts dry_run: the answer is the plan, and nothing changes. */
const dryRun = z.boolean({ message: 'must be true or false' }).default(false)

export const createStayInput = z
  .strictObject({
    reservation_key: reservationKey,
    guest_name: guestName,
    /** Defaults to the property of the first lock. */
    property_id: uuid.optional(),
    device_ids: stayDeviceIds,
    check_in: isoDateTime,
    check_out: isoDateTime,
    /** Left out: Latchkey picks one PIN every lock of the stay accepts. */
    code: pinCode.optional(),
    dry_run: dryRun,
  })
  .superRefine((value, ctx) => {
    if (new Date(value.check_out) <= new Date(value.check_in))
      ctx.addIssue({ code: 'custom', path: ['check_out'], message: 'must be after check_in' })
  })
export type CreateStayInput = z.infer<typeof createStayInput>
export type CreateStayBody = z.input<typeof createStayInput>

export const getStayInput = z
  .strictObject({ stay_id: uuid.optional(), reservation_key: reservationKey.optional() })
  .refine((v) => (v.stay_id === undefined) !== (v.reservation_key === undefined), {
    message: 'give stay_id or reservation_key (one of them)',
    path: ['stay_id'],
  })
export type GetStayInput = z.infer<typeof getStayInput>

/** Changes to a stay; what is left out stays as it is. Times move every door together (a shift). */
export const updateStayInput = z.strictObject({
  stay_id: uuid,
  guest_name: guestName.optional(),
  check_in: isoDateTime.optional(),
  check_out: isoDateTime.optional(),
  /** A new PIN for every door. */
  code: pinCode.optional(),
  /** The doors the stay should have from now on: missing ones lose their code, new ones get one. */
  device_ids: stayDeviceIds.optional(),
  dry_run: dryRun,
})
export type UpdateStayInput = z.infer<typeof updateStayInput>
export type UpdateStayBody = z.input<typeof updateStayInput>

/** Cancels the stay: every door's code is deleted (the lock side removes the PINs); the stay stays, cancelled. */
export const deleteStayInput = z.strictObject({ stay_id: uuid, dry_run: dryRun })
export type DeleteStayInput = z.infer<typeof deleteStayInput>

export const DEFAULT_STAYS_LIMIT = 50
export const MAX_STAYS_LIMIT = 500

export const listStaysInput = z.strictObject({
  property_id: uuid.optional(),
  device_id: uuid.optional(),
  /** Stays whose window overlaps [from, to). */
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  health: stayHealth.optional(),
  /** Partial match on guest name or reservation key. */
  search: z.string().trim().min(1).max(200).optional(),
  limit: limit(MAX_STAYS_LIMIT).default(DEFAULT_STAYS_LIMIT),
  page_cursor: pageCursor.optional(),
})
export type ListStaysInput = z.infer<typeof listStaysInput>
export type ListStaysQuery = z.input<typeof listStaysInput>

export const stayResponse = z.object({ stay: staySchema })
/** A write's answer: the plan always; the stay as it now is unless it was a dry run (then null for a create). */
export const stayWriteResponse = z.object({ dry_run: z.boolean(), plan: stayPlanSchema, stay: staySchema.nullable() })
export type StayWriteResponse = z.infer<typeof stayWriteResponse>
export const listStaysResponse = z.object({ stays: z.array(staySchema), pagination: paginationSchema })
export type ListStaysResponse = z.infer<typeof listStaysResponse>

// ---- CSV import

export const MAX_IMPORT_ROWS = 5_000
/** 5,000 rows of generous width (locks named by id). */
export const MAX_IMPORT_BYTES = 3_000_000

export const importStaysInput = z.strictObject({
  csv: z.string({ message: 'must be the text of a CSV file' }).max(MAX_IMPORT_BYTES, 'is too large (at most 3 MB)'),
  dry_run: dryRun,
})
export type ImportStaysInput = z.infer<typeof importStaysInput>

export const importRowSchema = z.object({
  /** The row's line number in the file (the header is line 1). */
  line: z.number().int(),
  reservation_key: z.string().nullable(),
  action: z.enum(['create', 'update', 'unchanged', 'error']),
  /** The stay the row created or updated (null on a dry run's create and on an error). */
  stay_id: uuid.nullable(),
  problems: z.array(lockProblemSchema),
})
export type ImportRow = z.infer<typeof importRowSchema>

export const importStaysResponse = z.object({
  dry_run: z.boolean(),
  rows: z.array(importRowSchema),
  summary: z.object({
    create: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    error: z.number().int(),
  }),
})
export type ImportStaysResponse = z.infer<typeof importStaysResponse>
