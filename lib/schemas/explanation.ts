import { z } from 'zod'
import { accessCodeStatus } from '@/lib/schemas/access-code'
import { timestamp, uuid } from '@/lib/schemas/common'
import { keypadEntryRefusal } from '@/lib/schemas/simulate'

/**
 * `/access_codes/explain` (Latchkey's own): why a code does or does not open the door right now, in sentences, with
 * the facts behind them — what the lock holds, the next lock work Latchkey has planned, the last attempts at the door
 * and the code's history. The code page's support panel shows exactly this, and a support tool can too.
 */

export const explainAccessCodeInput = z.strictObject({ access_code_id: uuid })
export type ExplainAccessCodeInput = z.infer<typeof explainAccessCodeInput>

/** Where the code is, as one word a program can act on; `headline` says it for people. */
export const codeSituations = [
  /** The lock holds the PIN, switched on and inside its schedule: it opens the door. */
  'on_lock',
  /** An offline (algorithmic) code: the lock checks it against its maker's algorithm, nothing is on the keypad. */
  'offline_code',
  /** Time-bound, its window not open yet, and not on the lock yet: Latchkey programs it in time. */
  'waiting_for_window',
  /** On the lock already, which switches it on by itself when the window opens. */
  'scheduled_on_lock',
  /** Due on the lock; Latchkey is putting it there. */
  'being_programmed',
  /** On a lock that picks its own PINs, which has not given this code one yet. */
  'waiting_for_pin_assignment',
  /** Due on the lock, which refused it or has not confirmed it (see the errors and warnings). */
  'programming_failed',
  /** Due on the lock, which Latchkey cannot reach (offline, its hub or bridge, its account). */
  'lock_unreachable',
  /** Made not to wait for an offline lock (attempt_for_offline_device: false): Latchkey gave up on it. */
  'declined_offline',
  /** The keypad's entry was changed or removed outside Latchkey. */
  'changed_on_keypad',
  /** The keypad holds the PIN, but the lock has switched it off. */
  'disabled_on_keypad',
  /** Latchkey is taking the code off the keypad (deleted, ended, or its window moved later). */
  'being_removed',
  /** The window has ended, and the code is off the keypad. */
  'ended',
  /** Deleted, and off the keypad. */
  'deleted',
  /** The lock was removed from its account: Latchkey no longer manages the code. */
  'device_removed',
  /** Latchkey cannot tell what the lock holds. */
  'unknown',
] as const
export const codeSituation = z.enum(codeSituations)
export type CodeSituation = z.infer<typeof codeSituation>

/** What a sentence is about, so a reader can group or pick them. */
export const sentenceTopic = z.enum([
  'door',
  'lifecycle',
  'lock',
  /** What the lock holds for the code (`lock_holds` in words). */
  'lock_holds',
  /** Other facts of the keypad: a clashing PIN, a full keypad, a change made outside Latchkey. */
  'keypad',
  'issue',
  /** `next_lock_work` in words. */
  'next_work',
  /** The last of `door_attempts`, in words. */
  'door_attempt',
])
export type SentenceTopic = z.infer<typeof sentenceTopic>

export const explanationSentence = z.object({
  topic: sentenceTopic,
  text: z.string(),
  /** The moment the sentence is about (since when, or when next), where there is one. */
  at: timestamp.nullable(),
  /** The error or warning of the code the sentence explains, if it explains one. */
  issue: z.object({ kind: z.enum(['error', 'warning']), code: z.string() }).nullable(),
})
export type ExplanationSentence = z.infer<typeof explanationSentence>

/** What the lock held for this code when it was last read (or, if the lock cannot be read, what Latchkey put there). */
export const lockHoldsSchema = z.object({
  /**
   * `lock`: the lock's own keypad, as read at `read_at`. `latchkey_records`: what Latchkey last programmed onto it
   * (for locks Latchkey cannot read without a lock call), with no slot and no read time.
   */
  source: z.enum(['lock', 'latchkey_records']),
  read_at: timestamp.nullable(),
  /** The keypad position, where the lock has numbered ones. */
  slot: z.number().int().nullable(),
  code: z.string(),
  /** The entry's name as the lock shows it. */
  name: z.string().nullable(),
  /** The schedule the lock itself keeps for the entry; both null: always on. */
  starts_at: timestamp.nullable(),
  ends_at: timestamp.nullable(),
  /** False when the lock has switched the entry off (it keeps it, but the PIN does not open the door). */
  enabled: z.boolean(),
  /** How the entry differs from what Latchkey wants on the lock for this code now. */
  differences: z.array(z.enum(['code', 'name', 'schedule', 'disabled'])),
})
export type LockHolds = z.infer<typeof lockHoldsSchema>

/** Another code on the lock that holds the same PIN. */
export const pinClashSchema = z.object({
  access_code_id: uuid,
  name: z.string().nullable(),
  is_managed: z.boolean(),
  /** Its keypad position, when the lock was read and holds it. */
  slot: z.number().int().nullable(),
})
export type PinClash = z.infer<typeof pinClashSchema>

export const nextLockWorkSchema = z.object({
  /** `look_at_lock`: read the keypad (a poll, or the moment a schedule on the lock switches the code on). */
  action: z.enum(['program', 'remove', 'look_at_lock']),
  /** When; null when it waits for the lock (or its account) to be reachable again. */
  due_at: timestamp.nullable(),
  reason: z.enum(['in_progress', 'now', 'retry', 'window_opens', 'window_ends', 'lock_unreachable', 'keypad_poll']),
  text: z.string(),
  /** When Latchkey next looks at this lock at all, for any of its codes (its sync job's due time). */
  lock_next_look_at: timestamp.nullable(),
})
export type NextLockWork = z.infer<typeof nextLockWorkSchema>

/** A PIN entered at the lock's keypad, as the lock reported it. */
export const doorAttemptSchema = z.object({
  event_id: uuid,
  occurred_at: timestamp,
  unlocked: z.boolean(),
  /** Why the lock refused, where Latchkey knows it; null for an opening, or a refusal of unknown cause. */
  reason: keypadEntryRefusal.nullable(),
  /**
   * Whether the lock named this code in its report. A lock names only the codes it holds: a refusal of a PIN it does
   * not hold names none, and is listed (when at this lock during the code's life) because it may be this code's.
   */
  names_this_code: z.boolean(),
  text: z.string(),
})
export type DoorAttempt = z.infer<typeof doorAttemptSchema>

export const timelineEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('event'),
    at: timestamp,
    event_id: uuid,
    event_type: z.string(),
    /** Whether the event is about the code itself, rather than its lock or the lock's account. */
    about_code: z.boolean(),
    text: z.string(),
  }),
  z.object({
    kind: z.literal('action_attempt'),
    /** When it was asked for. */
    at: timestamp,
    action_attempt_id: uuid,
    action_type: z.string(),
    status: z.enum(['pending', 'success', 'error']),
    /** When it ended; null while pending. */
    ended_at: timestamp.nullable(),
    error: z.object({ type: z.string(), message: z.string() }).nullable(),
    text: z.string(),
  }),
])
export type TimelineEntry = z.infer<typeof timelineEntrySchema>

export const explanationSchema = z.object({
  access_code_id: uuid,
  device_id: uuid,
  /** The code's name as the dashboard shows it ("Unnamed code" when it has none). */
  access_code_name: z.string(),
  device_name: z.string(),
  property_name: z.string(),
  /** The property's IANA time zone, in which every sentence gives its times. */
  timezone: z.string(),
  /** The code's status on the wire (`removing` for a deleted code still being taken off). */
  status: accessCodeStatus,
  is_deleted: z.boolean(),
  generated_at: timestamp,
  /** Whether Latchkey can reach the lock now (not offline, nor cut off with its account, hub or bridge, nor removed). */
  lock_reachable: z.boolean(),
  /** Whether the code's PIN opens the door right now, as far as Latchkey can tell (see `headline` for how sure). */
  opens_door_now: z.boolean(),
  situation: codeSituation,
  /** The first sentence: will this PIN open the door right now, and if not, why. */
  headline: z.string(),
  /** The rest, in reading order. */
  sentences: z.array(explanationSentence),
  /** What to do, most urgent first (empty when nothing needs doing). */
  what_to_do: z.array(z.string()),
  lock_holds: lockHoldsSchema.nullable(),
  pin_clash: pinClashSchema.nullable(),
  next_lock_work: nextLockWorkSchema.nullable(),
  /** Newest first, at most 10. */
  door_attempts: z.array(doorAttemptSchema),
  /** The code's events, its lock's connection events during its life, and its action attempts; newest first. */
  timeline: z.array(timelineEntrySchema),
})
export type Explanation = z.infer<typeof explanationSchema>

export const explainAccessCodeResponse = z.object({ explanation: explanationSchema })
export type ExplainAccessCodeResponse = z.infer<typeof explainAccessCodeResponse>
