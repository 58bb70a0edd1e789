import 'server-only'
import { MASKED_PIN } from '@/lib/shared/masked-pin'

/**
 * Who sees PINs: API keys (integrations, as Seam's API does) and workspace admins see them; dashboard members see
 * MASKED_PIN instead and reveal one PIN at a time (/access_codes/reveal_code), which is recorded as an event.
 */
export const seesPins = (caller: { via: 'api_key' | 'session'; role?: 'admin' | 'member' | undefined }): boolean =>
  caller.via === 'api_key' || caller.role === 'admin'

/** Operations whose answer is a PIN a member asked for, on purpose: never masked. */
const REVEALING_PATHS: ReadonlySet<string> = new Set(['/access_codes/reveal_code'])
export const shownUnmasked = (path: string): boolean => REVEALING_PATHS.has(path)

/** Objects whose `code` is a PIN carry one of these ids: access codes, events, stays, a stay's door plans. */
const PIN_OWNER_KEYS = ['access_code_id', 'event_id', 'stay_id', 'device_id'] as const

// Sentences of /access_codes/explain name PINs: "PIN 4821 opens …", "… holds PIN 4821 for it, not 1234."
const PIN_IN_WORDS = /\bPIN \d+/g
const NOT_PIN_IN_WORDS = /, not \d+\./g

const maskWords = (text: string): string =>
  text.replace(PIN_IN_WORDS, `PIN ${MASKED_PIN}`).replace(NOT_PIN_IN_WORDS, `, not ${MASKED_PIN}.`)

type Json = unknown

const isRecord = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function maskNode(value: Json, inWords: boolean): Json {
  if (typeof value === 'string') return inWords ? maskWords(value) : value
  if (Array.isArray(value)) return value.map((item) => maskNode(item, inWords))
  if (!isRecord(value)) return value
  // An explanation (`headline` and `sentences`): its words name PINs, and `lock_holds` holds one.
  const words = inWords || ('headline' in value && 'sentences' in value)
  const out: Record<string, Json> = {}
  for (const [key, item] of Object.entries(value)) out[key] = maskNode(item, words)
  if (typeof value.code === 'string' && value.code !== '' && PIN_OWNER_KEYS.some((key) => key in value))
    out.code = MASKED_PIN
  if (isRecord(value.lock_holds) && typeof value.lock_holds.code === 'string')
    out.lock_holds = { ...(out.lock_holds as Record<string, Json>), code: MASKED_PIN }
  // The edit form's values of a code (`defaultValues`): the form shows the mask, and an unchanged mask is not sent.
  if (isRecord(value.defaultValues) && typeof value.defaultValues.code === 'string' && value.defaultValues.code !== '')
    out.defaultValues = { ...(out.defaultValues as Record<string, Json>), code: MASKED_PIN }
  return out
}

/**
 * A copy of an answer (an API body, or a page's data) with every PIN masked: access codes (unmanaged ones too), events,
 * stays and their door plans, an explanation's words and lock entry, and a code's edit-form values.
 */
export function maskPins<T>(value: T): T {
  return maskNode(value, false) as T
}

/** A finished body (a cached list) with its PINs masked, under its own ETag: derived from the full body's. */
export function maskSerialized<T extends { body: Buffer; etag: string }>(result: T): T {
  const masked = maskPins(JSON.parse(result.body.toString('utf8')) as unknown)
  return { ...result, body: Buffer.from(JSON.stringify(masked)), etag: `"masked-${result.etag.replace(/"/g, '')}"` }
}

/** A page's data as a signed-in person may see it: PINs masked for members, as the API masks them. */
export function pinsFor<T>(role: 'admin' | 'member', data: T): T {
  return seesPins({ via: 'session', role }) ? data : maskPins(data)
}
