import 'server-only'
import type { DeviceRecord } from '@/lib/db/device-record'

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
}

export interface ProgramRequest {
  /** Replace this keypad entry (a changed PIN or window); omit to add a new one. */
  replaceProviderCodeId?: string | undefined
  code: string
  name: string | null
  startsAt: string | null
  endsAt: string | null
}

/** Why a lock refused or could not take an operation. */
export type LockFailure =
  | 'device_offline'
  /** No free slot on the keypad. */
  | 'no_space'
  /** The keypad already holds this PIN. */
  | 'duplicate_code'
  /** The lock (or its cloud) answered with an error; worth retrying. */
  | 'failed'

export type ProgramResult = { ok: true; providerCodeId: string } | { ok: false; failure: LockFailure; detail: string }
export type RemoveResult = { ok: true } | { ok: false; failure: LockFailure; detail: string }

export class LockUnreachableError extends Error {
  constructor(
    readonly failure: LockFailure,
    message: string,
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
  /** What is on the keypad now. Throws LockUnreachableError when the lock cannot be reached. */
  readKeypad(device: DeviceRecord): Promise<KeypadCode[]>
  programCodes(device: DeviceRecord, requests: readonly ProgramRequest[]): Promise<ProgramResult[]>
  removeCodes(device: DeviceRecord, providerCodeIds: readonly string[]): Promise<RemoveResult[]>
  /**
   * How long before a natively scheduled code's `starts_at` the lock will take it onto the keypad (0 when it only
   * takes codes that are active now). The reconciler programs such codes this far ahead.
   */
  nativeSchedulingLeadMs(device: DeviceRecord): number
}
