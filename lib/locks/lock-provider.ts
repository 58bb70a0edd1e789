import 'server-only'
import type { DeviceRecord } from '@/lib/db/device-record'

/**
 * An error or warning code of the access code spec that corresponds to what the lock (or its maker's cloud) said.
 * A real integration translates the maker's answer into it; a Seam-backed provider passes Seam's code through.
 */
export interface LockIssue {
  code: string
  kind: 'error' | 'warning'
}

/** One code as the lock holds it. */
export interface KeypadCode {
  providerCodeId: string
  code: string
  name: string | null
  /** Natively scheduled codes carry their window; others are always active. */
  startsAt: string | null
  endsAt: string | null
  /** Whether the lock maker's records say Latchkey put this code there (lets a restart re-adopt its own codes). */
  setByLatchkey: boolean
  /** The lock keeps the entry but has switched it off (Ultraloq): the PIN does not open the door until re-enabled. */
  disabled?: boolean
  /** What the lock reports about this entry (for a disabled entry, the code saying so). */
  issue?: LockIssue
  /**
   * The maker's cloud has taken this entry (or a change to it) and not yet confirmed it on the lock (Seam: `setting`,
   * `removing`). Such an entry never counts as the wanted code being on the keypad; the reconciler asks again later.
   */
  pending?: boolean
}

/** What reading a lock gives: its keypad, and the conditions the lock reports about itself. */
export interface KeypadRead {
  entries: KeypadCode[]
  /**
   * Device conditions the lock reports with the read (a keypad missing, another integration managing codes,
   * management moved elsewhere…). They concern every code of the lock while reported.
   */
  conditions: LockIssue[]
}

export interface ProgramRequest {
  /** Replace this keypad entry (a changed PIN or window); omit to add a new one. */
  replaceProviderCodeId?: string | undefined
  /**
   * The PIN to program; null on a lock that picks PINs itself (code constraint `cannot_specify_pin_code`): the lock
   * chooses one that follows its rules, and the result says which.
   */
  code: string | null
  name: string | null
  startsAt: string | null
  endsAt: string | null
}

/** How a lock refused, or did not finish, one operation. */
export type RefusalKind =
  /** No free slot. */
  | 'no_space'
  /** The keypad already holds the PIN. */
  | 'duplicate_code'
  /** An error worth retrying: the issue (if a warning) shows at once, the error after several tries. */
  | 'failed'
  /** Refused for good, for this request: the issue shows at once; retried later, in case the cause went. */
  | 'rejected'
  /** Taken, but the lock has not confirmed it yet: a warning at first, the error if it keeps happening. */
  | 'unconfirmed'
  /** The lock or the maker's side is busy (or has an outage): the issue shows while it lasts; retried, not counted. */
  | 'busy'

/** Why a lock refused or could not take an operation. */
export type LockFailure =
  /** The lock could not be reached (offline, or its hub, bridge or gateway is gone: see the refusal's issue). */
  'device_offline' | RefusalKind

export interface LockRefusal {
  ok: false
  failure: LockFailure
  detail: string
  /** The spec's code for what the lock said, when there is one; without it the reconciler uses its defaults. */
  issue?: LockIssue
}

/** A programmed code: the keypad entry's id and the PIN now on the keypad (the one the lock picked, if it did). */
export type ProgramResult = { ok: true; providerCodeId: string; code: string } | LockRefusal
export type RemoveResult = { ok: true } | LockRefusal

export class LockUnreachableError extends Error {
  constructor(
    readonly failure: LockFailure,
    message: string,
    /** Why it cannot be reached, when the lock maker says (a hub or bridge offline…); plain offline has none. */
    readonly issue?: LockIssue,
  ) {
    super(message)
    this.name = 'LockUnreachableError'
  }
}

/**
 * What Latchkey needs from a lock maker's system. The sandbox implements it today; a Seam-backed provider will
 * implement the same interface. Batches go in one round trip; results come back in request order.
 */
export interface LockProvider {
  /** What is on the keypad now, and what the lock reports. Throws LockUnreachableError when it cannot be reached. */
  readKeypad(device: DeviceRecord): Promise<KeypadRead>
  programCodes(device: DeviceRecord, requests: readonly ProgramRequest[]): Promise<ProgramResult[]>
  removeCodes(device: DeviceRecord, providerCodeIds: readonly string[]): Promise<RemoveResult[]>
  /**
   * How long before a natively scheduled code's `starts_at` the lock will take it onto the keypad (0 when it only
   * takes codes that are active now). The reconciler programs such codes this far ahead.
   */
  nativeSchedulingLeadMs(device: DeviceRecord): number
  /** What the lock maker says about every offline code of this lock (igloohome: an algoPIN must be used in 24 h). */
  offlineCodeIssues(device: DeviceRecord): readonly LockIssue[]
}
