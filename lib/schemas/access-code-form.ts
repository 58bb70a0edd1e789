import { z } from 'zod'
import { isMaskedPin } from '@/lib/shared/masked-pin'
import {
  codeProblems,
  deviceForbidsChosenPin,
  deviceRequiresFutureStart,
  type CodeRulesDevice,
} from '@/lib/shared/code-rules'
import {
  accessCodeType,
  createAccessCodeInput,
  pinCode,
  type AccessCode,
  type CreateAccessCodeBody,
  type UpdateAccessCodeBody,
} from '@/lib/schemas/access-code'
import { toZonedInputValue, zonedInputToUtc } from '@/lib/time/zoned'

/**
 * The create/edit access-code form: its values, its schema (the API's field schemas plus the lock's rules and the
 * date rules, with each message on the field it is about), and the conversions between form values (wall-clock
 * times in the property's zone) and the API (UTC instants).
 */

/** What the form needs to know about the lock. */
export interface AccessCodeFormRules extends CodeRulesDevice {
  /** The property's IANA time zone: times are typed and shown in it. */
  timezone: string
  supportsBackupPool: boolean
}

const formFields = z.object({
  // The API's name rules (trimmed, at most 200 characters); the form also asks for one.
  name: createAccessCodeInput.shape.name.unwrap().min(1, 'Give the code a name, e.g. the guest’s or the cleaner’s.'),
  /** Empty means "let Latchkey pick a PIN" on create. */
  code: z.string().trim(),
  type: accessCodeType,
  /** `YYYY-MM-DDTHH:mm` in the property's zone; empty for an ongoing code. */
  startsAt: z.string(),
  endsAt: z.string(),
  useBackupPool: z.boolean(),
})

export type AccessCodeFormValues = z.infer<typeof formFields>
export type AccessCodeFormField = keyof AccessCodeFormValues

/** "must be after check-in" → "Must be after check-in." — API messages are fragments; fields show sentences. */
export function sentence(message: string): string {
  const trimmed = message.trim()
  if (trimmed === '') return trimmed
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`
}

export interface AccessCodeFormOptions {
  /** The current time; a function so a form left open for an hour still checks against the real now. */
  now?: () => Date
  /** Edit: the values the code has now. Leaving a past window untouched is fine; a PIN it has cannot be emptied. */
  original?: AccessCodeFormValues
}

/** The form's schema for one lock. */
export function accessCodeFormSchema(rules: AccessCodeFormRules, options: AccessCodeFormOptions = {}) {
  const now = options.now ?? (() => new Date())
  const original = options.original
  return formFields.superRefine((values, ctx) => {
    const codeMessage = checkCode(values.code, rules, original)
    if (codeMessage !== undefined) ctx.addIssue({ code: 'custom', path: ['code'], message: codeMessage })

    if (values.useBackupPool && values.type === 'time_bound' && !rules.supportsBackupPool) {
      ctx.addIssue({ code: 'custom', path: ['useBackupPool'], message: 'This lock has no backup codes.' })
    }

    if (values.type !== 'time_bound') return
    const startsAt = readTime(values.startsAt, 'check-in', rules.timezone)
    const endsAt = readTime(values.endsAt, 'check-out', rules.timezone)
    if (typeof startsAt === 'object') ctx.addIssue({ code: 'custom', path: ['startsAt'], message: startsAt.problem })
    if (typeof endsAt === 'object') ctx.addIssue({ code: 'custom', path: ['endsAt'], message: endsAt.problem })
    if (typeof startsAt !== 'string' || typeof endsAt !== 'string') return

    if (new Date(endsAt) <= new Date(startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'Must be after check-in.' })
      return
    }
    // Like the API, a window that is not being changed is not held to "in the future".
    if (original !== undefined && windowUnchanged(values, original)) return
    const at = now()
    if (new Date(endsAt) <= at) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'Must be in the future.' })
    if (deviceRequiresFutureStart(rules) && new Date(startsAt) <= at) {
      ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'Must be in the future on this lock.' })
    }
  })
}

function checkCode(
  code: string,
  rules: AccessCodeFormRules,
  original: AccessCodeFormValues | undefined,
): string | undefined {
  // A member edits a code whose PIN they see masked: leaving it as it is keeps the PIN (it is not sent).
  if (original !== undefined && isMaskedPin(original.code) && code === original.code) return undefined
  if (deviceForbidsChosenPin(rules)) {
    return code === '' || code === original?.code ? undefined : 'This lock picks its own PINs: leave this empty.'
  }
  // On edit an empty PIN would mean "keep it" for a code that has one, which is not what clearing the field says.
  if (code === '') return original === undefined || original.code === '' ? undefined : 'Enter a PIN, or press Generate.'
  const problems = codeProblems(code, rules)
  if (problems.length > 0) return problems.map(sentence).join(' ')
  // The API's own bounds, for a lock whose reported lengths fall outside them.
  const parsed = pinCode.safeParse(code)
  return parsed.success ? undefined : parsed.error.issues.map((issue) => sentence(issue.message)).join(' ')
}

function readTime(value: string, what: string, timeZone: string): string | { problem: string } {
  if (value === '') return { problem: `Choose the ${what} date and time.` }
  return zonedInputToUtc(value, timeZone) ?? { problem: 'Enter a date and time, e.g. 2026-03-06 15:00.' }
}

const windowUnchanged = (values: AccessCodeFormValues, original: AccessCodeFormValues): boolean =>
  original.type === values.type && original.startsAt === values.startsAt && original.endsAt === values.endsAt

// ---- defaults

export function emptyAccessCodeFormValues(): AccessCodeFormValues {
  return { name: '', code: '', type: 'ongoing', startsAt: '', endsAt: '', useBackupPool: false }
}

/**
 * The form's values for an existing code, its times as the property's wall clock. `usesBackupPool` comes from the
 * store: the wire object only says whether a backup is available.
 */
export function accessCodeFormValuesFrom(
  code: Pick<AccessCode, 'name' | 'code' | 'type' | 'starts_at' | 'ends_at'>,
  timeZone: string,
  usesBackupPool = false,
): AccessCodeFormValues {
  const timeBound = code.type === 'time_bound'
  return {
    name: code.name ?? '',
    code: code.code ?? '',
    type: code.type,
    startsAt: timeBound && code.starts_at ? toZonedInputValue(code.starts_at, timeZone) : '',
    endsAt: timeBound && code.ends_at ? toZonedInputValue(code.ends_at, timeZone) : '',
    useBackupPool: timeBound && usesBackupPool,
  }
}

// ---- to the API

function utcWindow(values: AccessCodeFormValues, timeZone: string): { starts_at: string; ends_at: string } {
  const startsAt = zonedInputToUtc(values.startsAt, timeZone)
  const endsAt = zonedInputToUtc(values.endsAt, timeZone)
  // The schema has already refused these; reaching here is a programming error.
  if (startsAt === undefined || endsAt === undefined)
    throw new Error('A time-bound code needs valid check-in and check-out times.')
  return { starts_at: startsAt, ends_at: endsAt }
}

/** Form values (already parsed by the schema) → the create body, times as UTC instants. */
export function toCreateAccessCodeBody(
  values: AccessCodeFormValues,
  rules: AccessCodeFormRules,
  deviceId: string,
): CreateAccessCodeBody {
  const body: CreateAccessCodeBody = { device_id: deviceId, name: values.name.trim() }
  const code = values.code.trim()
  if (code !== '') body.code = code
  if (values.type === 'time_bound') {
    Object.assign(body, utcWindow(values, rules.timezone))
    if (values.useBackupPool && rules.supportsBackupPool) body.use_backup_access_code_pool = true
  }
  return body
}

/** Form values → the update body, holding only the fields that differ from `original` (the code as loaded). */
export function toUpdateAccessCodeBody(
  values: AccessCodeFormValues,
  original: AccessCodeFormValues,
  rules: AccessCodeFormRules,
  accessCodeId: string,
): UpdateAccessCodeBody {
  const body: UpdateAccessCodeBody = { access_code_id: accessCodeId }
  const name = values.name.trim()
  if (name !== original.name) body.name = name
  const code = values.code.trim()
  if (code !== '' && code !== original.code) body.code = code
  if (values.type === 'ongoing') {
    if (original.type === 'time_bound') {
      body.type = 'ongoing'
      // The backup pool is only for time-bound codes; the API refuses to drop the window while it is on.
      if (original.useBackupPool) body.use_backup_access_code_pool = false
    }
    return body
  }
  if (!windowUnchanged(values, original)) {
    body.type = 'time_bound'
    Object.assign(body, utcWindow(values, rules.timezone))
  }
  const useBackupPool = values.useBackupPool && rules.supportsBackupPool
  if (useBackupPool !== original.useBackupPool) body.use_backup_access_code_pool = useBackupPool
  return body
}

/** True when the update would change nothing. */
export const isEmptyUpdate = (body: UpdateAccessCodeBody): boolean => Object.keys(body).length === 1

// ---- the lock's rules

/** The most characters of a name this lock shows, if it says. */
export function nameLengthLimit(rules: CodeRulesDevice): number | undefined {
  for (const constraint of rules.codeConstraints) {
    if (
      constraint.constraint_type === 'name_length' &&
      'max_length' in constraint &&
      constraint.max_length !== undefined
    ) {
      return constraint.max_length
    }
  }
  return undefined
}

/** The form's rules from a lock as the services read it (see DeviceRecord). */
export const accessCodeFormRulesOf = (device: AccessCodeFormRules): AccessCodeFormRules => ({
  supportedCodeLengths: device.supportedCodeLengths,
  codeConstraints: device.codeConstraints,
  timezone: device.timezone,
  supportsBackupPool: device.supportsBackupPool,
})
