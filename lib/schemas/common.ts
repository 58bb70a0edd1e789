import { z } from 'zod'

export const uuid = z.uuid({ message: 'must be a UUID' })

/** An instant in a response: Latchkey always writes UTC ISO 8601 (`toISOString`). */
export const timestamp = z.iso.datetime()

/** The success body of an operation that answers only `{ "ok": true }`. */
export const emptyResponse = z.strictObject({})

/** ISO 8601 date-time that carries its offset (`Z` or `+02:00`), normalized to a UTC instant. */
export const isoDateTime = z.iso
  .datetime({
    offset: true,
    message: 'must be an ISO 8601 date-time with a time zone offset, e.g. 2026-05-01T15:00:00Z',
  })
  .transform((value) => new Date(value).toISOString())

/** The most ids (or other values) one list filter takes: a call names at most a few hundred objects. */
export const MAX_IDS_PER_CALL = 500

/** Reads accept GET, where every value arrives as a string and arrays may arrive as one value. */
export const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (value === undefined || Array.isArray(value) ? value : [value]),
    z.array(item).max(MAX_IDS_PER_CALL, `must name at most ${MAX_IDS_PER_CALL} values`),
  )

/** The deepest `unstable_offset` a list answers: deeper pages cost the store more on every call; filter instead. */
export const MAX_LIST_OFFSET = 100_000

export const limit = (max: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max.toLocaleString('en-US')}, the largest page: follow the next page for more`)

export const pageCursor = z.string().min(1).max(500)

export const paginationSchema = z.object({
  has_next_page: z.boolean(),
  next_page_cursor: z.string().nullable(),
  next_page_url: z.string().nullable(),
})
export type Pagination = z.infer<typeof paginationSchema>

/** Two time fields that come together or not at all, the end after the start. */
export function checkTimeWindow(
  value: { starts_at?: string | undefined; ends_at?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  const { starts_at, ends_at } = value
  if (starts_at !== undefined && ends_at === undefined) {
    ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'is required when starts_at is given' })
  }
  if (ends_at !== undefined && starts_at === undefined) {
    ctx.addIssue({ code: 'custom', path: ['starts_at'], message: 'is required when ends_at is given' })
  }
  if (starts_at !== undefined && ends_at !== undefined && new Date(ends_at) <= new Date(starts_at)) {
    ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'must be after starts_at' })
  }
}

/** The longest free-text filter a list takes (a search, an event type, a customer key): longer is invalid_input. */
export const MAX_FILTER_TEXT_LENGTH = 200
export const filterText = z
  .string({ message: 'must be a string' })
  .max(MAX_FILTER_TEXT_LENGTH, `must be at most ${MAX_FILTER_TEXT_LENGTH} characters`)
