import { z } from 'zod'
import { accessCodeType, createMultipleAccessCodesInput, pinCode } from '@/lib/schemas/access-code'
import { sentence } from '@/lib/schemas/access-code-form'
import { zonedInputToUtc } from '@/lib/time/zoned'

/**
 * The bulk page's form: one code on many locks (/access_codes/create_multiple). Its values, its schema (the API's
 * field rules, each message on the field it is about), and the body it sends: times are typed on the wall clock of
 * one zone (a property's) and sent as UTC instants. The locks' own rules are the check's to say, lock by lock
 * (/access_codes/create_multiple/check).
 */

/** A lock as the bulk page's picker shows it (lib/dashboard/bulk-page.ts loads them). */
export interface BulkLock {
  deviceId: string
  name: string
  propertyId: string
  /** "Schlage Encode Plus". */
  brand: string
  online: boolean
  accountConnected: boolean
  /** Keypad slots (0: unknown or unlimited) and how many are taken now (codes scheduled ahead on the lock included). */
  maxActiveCodes: number
  slotsInUse: number
  supportsNativeScheduling: boolean
  supportsBackupPool: boolean
  /** The lock chooses every PIN itself. */
  choosesPin: boolean
  /** "6 to 8 digits; no 0s", or "This lock picks its own PINs." */
  pinRules: string
}

/** A property and its locks, for the picker. */
export interface BulkProperty {
  propertyId: string
  name: string
  timezone: string
  /** "America/Denver (MST)". */
  timezoneLabel: string
  locks: BulkLock[]
}

/** The request body as a client sends it (before defaults). */
export type CreateMultipleAccessCodesBody = z.input<typeof createMultipleAccessCodesInput>

const apiFields = createMultipleAccessCodesInput.shape

export const codeSharingBehavior = apiFields.behavior_when_code_cannot_be_shared.unwrap()
export type CodeSharingBehavior = z.infer<typeof codeSharingBehavior>

const formFields = z.object({
  deviceIds: z.array(z.string()).min(1, 'Choose at least one lock.').max(500, 'Choose at most 500 locks at once.'),
  name: z.string().trim().min(1, 'Give the code a name, e.g. the guest’s.').max(200, 'Must be at most 200 characters.'),
  /** Empty: the check picks one PIN every lock accepts, and that PIN is sent. */
  code: z.string().trim(),
  type: accessCodeType,
  /** The IANA zone the times are typed in: one of the chosen locks' properties'. */
  timezone: z.string(),
  /** `YYYY-MM-DDTHH:mm` in `timezone`; empty for an ongoing code. */
  startsAt: z.string(),
  endsAt: z.string(),
  behavior: codeSharingBehavior,
  preferNativeScheduling: z.boolean(),
  /** Turn the backup pool on for the codes on locks that have one (time-bound codes only). */
  useBackupPool: z.boolean(),
})

export type BulkCodeFormValues = z.infer<typeof formFields>
export type BulkCodeFormField = keyof BulkCodeFormValues

export function emptyBulkCodeFormValues(): BulkCodeFormValues {
  return {
    deviceIds: [],
    name: '',
    code: '',
    type: 'time_bound',
    timezone: '',
    startsAt: '',
    endsAt: '',
    behavior: 'throw',
    preferNativeScheduling: true,
    useBackupPool: false,
  }
}

/** The form's schema; `now` is a function so a page left open still checks against the real time. */
export function bulkCodeFormSchema(now: () => Date = () => new Date()) {
  return formFields.superRefine((values, ctx) => {
    if (values.code !== '') {
      const parsed = pinCode.safeParse(values.code)
      if (!parsed.success)
        ctx.addIssue({
          code: 'custom',
          path: ['code'],
          message: parsed.error.issues.map((issue) => sentence(issue.message)).join(' '),
        })
    }
    if (values.type !== 'time_bound') return
    const window = utcWindowOf(values)
    if (window.startsAt === undefined)
      ctx.addIssue({ code: 'custom', path: ['startsAt'], message: timeProblem(values.startsAt, 'check-in') })
    if (window.endsAt === undefined)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: timeProblem(values.endsAt, 'check-out') })
    if (window.startsAt === undefined || window.endsAt === undefined) return
    if (new Date(window.endsAt) <= new Date(window.startsAt))
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'Must be after check-in.' })
    else if (new Date(window.endsAt) <= now())
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'Must be in the future.' })
  })
}

const timeProblem = (value: string, what: string): string =>
  value === '' ? `Choose the ${what} date and time.` : 'Enter a date and time, e.g. 2026-03-06 15:00.'

/** The window's instants, each undefined while its text is not a time in the form's zone. */
export function utcWindowOf(values: Pick<BulkCodeFormValues, 'startsAt' | 'endsAt' | 'timezone'>): {
  startsAt: string | undefined
  endsAt: string | undefined
} {
  const zone = values.timezone === '' ? 'UTC' : values.timezone
  return { startsAt: zonedInputToUtc(values.startsAt, zone), endsAt: zonedInputToUtc(values.endsAt, zone) }
}

/**
 * Form values (already parsed by the schema) → the body of create_multiple and of its check. `code` is the PIN to
 * send: the typed one, or, once checked, the one the check picked; left out, the check picks one.
 */
export function toCreateMultipleBody(
  values: BulkCodeFormValues,
  code: string | null = values.code === '' ? null : values.code,
): CreateMultipleAccessCodesBody {
  const body: CreateMultipleAccessCodesBody = {
    device_ids: values.deviceIds,
    name: values.name.trim(),
    behavior_when_code_cannot_be_shared: values.behavior,
  }
  if (code !== null) body.code = code
  if (values.type === 'time_bound') {
    const { startsAt, endsAt } = utcWindowOf(values)
    // The schema has already refused these; reaching here is a programming error.
    if (startsAt === undefined || endsAt === undefined)
      throw new Error('A time-bound code needs valid check-in and check-out times.')
    body.starts_at = startsAt
    body.ends_at = endsAt
    if (!values.preferNativeScheduling) body.prefer_native_scheduling = false
  }
  return body
}

/** Whether two states of the form ask for the same thing (a check of one still describes the other). */
export const sameBulkRequest = (a: BulkCodeFormValues, b: BulkCodeFormValues): boolean => {
  const key = (v: BulkCodeFormValues) => JSON.stringify({ ...v, name: v.name.trim(), code: v.code.trim() })
  return key(a) === key(b)
}

/** Request field (wire name) → form field, for the API's field errors. */
export const bulkCodeFieldsByApiField: Readonly<Record<string, BulkCodeFormField>> = {
  device_ids: 'deviceIds',
  name: 'name',
  code: 'code',
  preferred_code_length: 'code',
  starts_at: 'startsAt',
  ends_at: 'endsAt',
  behavior_when_code_cannot_be_shared: 'behavior',
}
