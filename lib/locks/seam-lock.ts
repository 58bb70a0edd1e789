import 'server-only'
import type { Kysely } from 'kysely'
import type { AccessCode, SeamHttp, UnmanagedAccessCode } from 'seam'
import type { Database } from '@/lib/db/schema'
import type { DeviceRecord } from '@/lib/db/device-record'
import {
  LockUnreachableError,
  type KeypadCode,
  type KeypadRead,
  type LockIssue,
  type LockProvider,
  type LockRefusal,
  type ProgramRequest,
  type ProgramResult,
  type RemoveResult,
} from '@/lib/locks/lock-provider'
import { PROGRAM_DELAYED, REMOVAL_DELAYED } from '@/lib/locks/seam-issues'
import { loadSeamConnection, recordSeamFailure, recordSeamSuccess } from '@/lib/seam/connections'
import { classifySeamError, type SeamFailure } from '@/lib/seam/seam-client'
import { seamDb } from '@/lib/seam/seam-tables'
import type { Clock } from '@/lib/time/clock'

export interface SeamLockOptions {
  db: Kysely<Database>
  clock: Clock
  /** LATCHKEY_SECRET_KEY, read when a Seam lock is first reached. */
  secretKey: () => Buffer
}

/**
 * Seam holds a time-bound code from the moment it is created and programs it when its window needs it, so Latchkey
 * hands codes over as soon as they are known.
 */
const SEAM_SCHEDULING_LEAD_MS = 366 * 24 * 60 * 60_000

const ACCOUNT_DISCONNECTED: LockIssue = { code: 'account_disconnected', kind: 'error' }

interface SeamLock {
  seam: SeamHttp
  seamDeviceId: string
}

/** Seam's view of one lock: its codes, managed and not. */
interface SeamCodes {
  managed: AccessCode[]
  unmanaged: UnmanagedAccessCode[]
}

const iso = (value: string | null | undefined): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString()

/**
 * Whether Seam reports the code as on the lock: `set`, or, for a time-bound code before its window, held by Seam
 * (`unset`, and scheduled on the device or not yet due). `setting` and `removing` are Seam's work in progress.
 */
export function isOnLock(code: AccessCode, now: Date): boolean {
  if (code.status === 'set') return true
  if (code.status !== 'unset' || code.errors.length > 0) return false
  if (code.is_scheduled_on_device === true) return true
  return code.type === 'time_bound' && code.starts_at != null && new Date(code.starts_at) > now
}

/** Seam's own error (else warning) about a code: the spec's codes, passed through. */
function issueOfCode(code: AccessCode | UnmanagedAccessCode): LockIssue | undefined {
  const error = code.errors[0] as { error_code?: string } | undefined
  if (error?.error_code !== undefined) return { code: error.error_code, kind: 'error' }
  const warning = code.warnings[0] as { warning_code?: string } | undefined
  if (warning?.warning_code !== undefined) return { code: warning.warning_code, kind: 'warning' }
  return undefined
}

const sameContents = (code: AccessCode, request: ProgramRequest): boolean =>
  (request.code === null || code.code === request.code) &&
  (code.name ?? null) === (request.name ?? null) &&
  iso(code.starts_at) === request.startsAt &&
  iso(code.ends_at) === request.endsAt

/**
 * Locks of a Seam workspace, through the official `seam` SDK. Seam programs the lock; this provider pushes what
 * Latchkey wants there and reports what Seam says, honestly: a code Seam is still `setting` is not on the keypad
 * (its entry is `pending`, and the request answers `busy`), Seam's errors and warnings are passed through as the
 * spec codes they are, Seam out of reach leaves the lock as Seam last reported it (work waiting on Seam shows the spec's
 * delay warnings: lib/locks/seam-issues.ts), a 429 holds every call until its Retry-After, and a
 * refused key is a problem of the connection (its accounts turn disconnected, so the codes show account_disconnected).
 */
export class SeamLockProvider implements LockProvider {
  readonly #db: Kysely<Database>
  readonly #clock: Clock
  readonly #secretKey: () => Buffer

  constructor(options: SeamLockOptions) {
    this.#db = options.db
    this.#clock = options.clock
    this.#secretKey = options.secretKey
  }

  nativeSchedulingLeadMs(): number {
    return SEAM_SCHEDULING_LEAD_MS
  }

  offlineCodeIssues(): readonly LockIssue[] {
    return []
  }

  async readKeypad(device: DeviceRecord): Promise<KeypadRead> {
    const lock = await this.#lock(device)
    if (lock instanceof SeamOutOfReach) return this.#lastKnownKeypad(device)
    let codes: SeamCodes
    let seamDevice
    try {
      seamDevice = await lock.seam.devices.get({ device_id: lock.seamDeviceId })
      codes = await this.#codes(lock)
    } catch (error) {
      const failure = await this.#failure(error)
      await this.#noteConnection(device, failure)
      if (failure.kind === 'unreachable' || failure.kind === 'rate_limited' || failure.kind === 'refused')
        return this.#lastKnownKeypad(device)
      throw unreachableError(device, failure)
    }
    await recordSeamSuccess(this.#db, this.#clock, device.workspaceId, false, null)
    const deviceIssues = [
      ...seamDevice.errors.map((e): LockIssue => ({ code: e.error_code, kind: 'error' })),
      ...seamDevice.warnings.map((w): LockIssue => ({ code: w.warning_code, kind: 'warning' })),
    ]
    if (!seamDevice.properties.online) {
      const cause = deviceIssues.find((i) => i.kind === 'error' && i.code !== 'device_offline')
      throw new LockUnreachableError('device_offline', `Seam reports ${device.displayName} offline.`, cause)
    }
    const now = this.#clock.now()
    const entries: KeypadCode[] = [
      ...codes.managed.map((c): KeypadCode => {
        const issue = issueOfCode(c)
        return {
          providerCodeId: c.access_code_id,
          code: c.code ?? '',
          name: c.name ?? null,
          startsAt: iso(c.starts_at),
          endsAt: iso(c.ends_at),
          setByLatchkey: true,
          ...(isOnLock(c, now) ? {} : { pending: true }),
          ...(issue === undefined ? {} : { issue }),
        }
      }),
      ...codes.unmanaged.map((c): KeypadCode => {
        const issue = issueOfCode(c)
        return {
          providerCodeId: c.access_code_id,
          code: c.code ?? '',
          name: c.name ?? null,
          startsAt: iso(c.starts_at),
          endsAt: iso(c.ends_at),
          setByLatchkey: false,
          ...(issue === undefined ? {} : { issue }),
        }
      }),
    ]
    return {
      entries: entries.filter((e) => e.code !== ''),
      conditions: deviceIssues.filter((i) => i.code !== 'device_offline'),
    }
  }

  async programCodes(device: DeviceRecord, requests: readonly ProgramRequest[]): Promise<ProgramResult[]> {
    if (requests.length === 0) return []
    const ready = await this.#lockWithCodes(device, requests.length, PROGRAM_DELAYED)
    if (Array.isArray(ready)) return ready
    const { lock, codes } = ready
    const results: ProgramResult[] = []
    const taken = new Set<string>()
    for (const [i, request] of requests.entries()) {
      try {
        results.push(this.#programmed(await this.#program(lock, codes, request, taken), device))
      } catch (error) {
        const refusal = await this.#refusalOf(device, error, PROGRAM_DELAYED)
        results.push(refusal)
        // Seam itself is out of reach, limiting or refusing the key: the rest of the batch waits too.
        if (refusal.failure === 'busy') return [...results, ...requests.slice(i + 1).map(() => refusal)]
      }
    }
    return results
  }

  async #program(lock: SeamLock, codes: SeamCodes, request: ProgramRequest, taken: Set<string>): Promise<AccessCode> {
    const current =
      request.replaceProviderCodeId === undefined
        ? // A retry after `busy`: the code Seam already has for this request (same PIN, or same name and window on
          // a lock that picks PINs), rather than a second one.
          codes.managed.find((c) => !taken.has(c.access_code_id) && !isOnLockOrGone(c) && sameContents(c, request))
        : codes.managed.find((c) => c.access_code_id === request.replaceProviderCodeId)
    const window =
      request.startsAt !== null && request.endsAt !== null
        ? { starts_at: request.startsAt, ends_at: request.endsAt }
        : {}
    let code: AccessCode
    if (current !== undefined && sameContents(current, request) && current.status !== 'removing') code = current
    else if (current !== undefined && current.status !== 'removing') {
      await lock.seam.accessCodes.update({
        access_code_id: current.access_code_id,
        ...(request.code === null ? {} : { code: request.code }),
        ...(request.name === null ? {} : { name: request.name }),
        ...(request.startsAt === null ? { type: 'ongoing' as const } : { type: 'time_bound' as const, ...window }),
      })
      code = await lock.seam.accessCodes.get({ access_code_id: current.access_code_id })
    } else {
      code = await lock.seam.accessCodes.create({
        device_id: lock.seamDeviceId,
        ...(request.code === null ? {} : { code: request.code }),
        ...(request.name === null ? {} : { name: request.name }),
        ...window,
      })
    }
    taken.add(code.access_code_id)
    return code
  }

  #programmed(code: AccessCode, device: DeviceRecord): ProgramResult {
    if (isOnLock(code, this.#clock.now()) && code.code != null)
      return { ok: true, providerCodeId: code.access_code_id, code: code.code }
    const issue = issueOfCode(code)
    return {
      ok: false,
      failure: 'busy',
      detail: `Seam is ${code.status === 'setting' ? 'programming' : 'handling'} the code on ${device.displayName} and has not confirmed it yet.`,
      ...(issue === undefined ? {} : { issue }),
    }
  }

  async removeCodes(device: DeviceRecord, providerCodeIds: readonly string[]): Promise<RemoveResult[]> {
    if (providerCodeIds.length === 0) return []
    const ready = await this.#lockWithCodes(device, providerCodeIds.length, REMOVAL_DELAYED)
    if (Array.isArray(ready)) return ready
    const { lock, codes } = ready
    const asked: string[] = []
    const results: (RemoveResult | undefined)[] = []
    for (const [i, id] of providerCodeIds.entries()) {
      const managed = codes.managed.find((c) => c.access_code_id === id)
      const unmanaged = codes.unmanaged.find((c) => c.access_code_id === id)
      // Removing what is already gone succeeds: the goal is the PIN off the lock.
      if (managed === undefined && unmanaged === undefined) {
        results.push({ ok: true })
        continue
      }
      try {
        if (managed?.status !== 'removing') {
          if (managed !== undefined) await lock.seam.accessCodes.delete({ access_code_id: id })
          else await lock.seam.accessCodes.unmanaged.delete({ access_code_id: id })
        }
        asked.push(id)
        results.push(undefined)
      } catch (error) {
        const refusal = await this.#refusalOf(device, error, REMOVAL_DELAYED)
        results.push(refusal)
        if (refusal.failure === 'busy')
          return [...results.map((r) => r ?? refusal), ...providerCodeIds.slice(i + 1).map(() => refusal)]
      }
    }
    // Done only once Seam no longer lists the code; until then Seam is still removing it.
    let after: SeamCodes | undefined
    if (asked.length > 0) {
      try {
        after = await this.#codes(lock)
      } catch {
        after = undefined
      }
    }
    return results.map((result, i) => {
      if (result !== undefined) return result
      const id = providerCodeIds[i]
      const still =
        after === undefined ||
        after.managed.some((c) => c.access_code_id === id) ||
        after.unmanaged.some((c) => c.access_code_id === id)
      return still
        ? { ok: false, failure: 'busy', detail: `Seam is removing the code from ${device.displayName}.` }
        : { ok: true }
    })
  }

  /**
   * The lock's Seam client and Seam device id; a workspace without a usable connection cannot reach it. While a 429's
   * Retry-After runs, nothing is sent: Seam is out of reach until then.
   */
  async #lock(device: DeviceRecord): Promise<SeamLock | SeamOutOfReach> {
    const link = await seamDb(this.#db)
      .selectFrom('seam_objects')
      .select('seam_id')
      .where('latchkey_id', '=', device.deviceId)
      .where('object_type', '=', 'device')
      .executeTakeFirst()
    const connection = await loadSeamConnection(this.#db, device.workspaceId, this.#secretKey())
    if (link === undefined || connection === undefined || connection.status === 'unauthorized')
      throw new LockUnreachableError(
        'device_offline',
        `${device.displayName} cannot be reached: its workspace has no working Seam connection.`,
        ACCOUNT_DISCONNECTED,
      )
    const now = this.#clock.now()
    if (connection.status === 'rate_limited' && connection.nextSyncAt !== null && new Date(connection.nextSyncAt) > now)
      return new SeamOutOfReach(`Seam asked Latchkey to wait until ${connection.nextSyncAt} (429).`)
    return { seam: connection.seam, seamDeviceId: link.seam_id }
  }

  /** For a batch of `count` changes: the lock and its codes in Seam, or the refusal each change gets. */
  async #lockWithCodes(
    device: DeviceRecord,
    count: number,
    delayed: LockIssue,
  ): Promise<{ lock: SeamLock; codes: SeamCodes } | LockRefusal[]> {
    const lock = await this.#lockOrRefusal(device, delayed)
    if ('ok' in lock) return Array.from({ length: count }, () => lock)
    try {
      return { lock, codes: await this.#codes(lock) }
    } catch (error) {
      return this.#refuseAll(device, count, error, delayed)
    }
  }

  /**
   * For a batch of changes: the lock, or the refusal every change of the batch gets when it cannot be reached (with
   * `delayed`, the spec's delay warning of the operation, while Seam itself is out of reach).
   */
  async #lockOrRefusal(device: DeviceRecord, delayed: LockIssue): Promise<SeamLock | LockRefusal> {
    try {
      const lock = await this.#lock(device)
      if (lock instanceof SeamOutOfReach) return { ok: false, failure: 'busy', detail: lock.message, issue: delayed }
      return lock
    } catch (error) {
      if (!(error instanceof LockUnreachableError)) throw error
      return {
        ok: false,
        failure: error.failure,
        detail: error.message,
        ...(error.issue ? { issue: error.issue } : {}),
      }
    }
  }

  /**
   * While Seam cannot be asked, the lock's keypad is what Seam last reported (what Latchkey stored from its answers):
   * a Seam outage changes nothing at the door, so codes on the lock stay as they are, and only the work still to do
   * waits (with its delay warning). A lock Seam last reported offline stays offline.
   */
  async #lastKnownKeypad(device: DeviceRecord): Promise<KeypadRead> {
    if (!device.online)
      throw new LockUnreachableError('device_offline', `Seam last reported ${device.displayName} offline.`)
    const rows = await this.#db
      .selectFrom('access_codes')
      .select([
        'provider_code_id',
        'is_managed',
        'code',
        'name',
        'starts_at',
        'ends_at',
        'programmed_code',
        'programmed_starts_at',
        'programmed_ends_at',
      ])
      .where('device_id', '=', device.deviceId)
      .where('status', '!=', 'deleted')
      .where('provider_code_id', 'is not', null)
      .execute()
    return {
      entries: rows.flatMap((r): KeypadCode[] => {
        if (r.provider_code_id === null) return []
        const managed = r.is_managed === 1
        return [
          {
            providerCodeId: r.provider_code_id,
            code: managed ? (r.programmed_code ?? r.code) : r.code,
            name: r.name,
            startsAt: managed ? r.programmed_starts_at : r.starts_at,
            endsAt: managed ? r.programmed_ends_at : r.ends_at,
            setByLatchkey: managed,
          },
        ]
      }),
      conditions: device.reportedIssues.map((i): LockIssue => ({ code: i.code, kind: i.kind })),
    }
  }

  async #codes(lock: SeamLock): Promise<SeamCodes> {
    const [managed, unmanaged] = await Promise.all([
      lock.seam.accessCodes.list({ device_id: lock.seamDeviceId }),
      lock.seam.accessCodes.unmanaged.list({ device_id: lock.seamDeviceId }),
    ])
    return { managed, unmanaged }
  }

  /** Sorts an SDK error; rethrows anything that is not Seam's (a bug of ours). */
  async #failure(error: unknown): Promise<SeamFailure> {
    const failure = classifySeamError(error, this.#clock.now())
    if (failure === undefined) throw error
    return failure
  }

  /** An operation Seam did not take: `delayed` (the operation's delay warning) while Seam itself is out of reach. */
  async #refusalOf(device: DeviceRecord, error: unknown, delayed: LockIssue): Promise<LockRefusal> {
    const failure = await this.#failure(error)
    await this.#noteConnection(device, failure)
    switch (failure.kind) {
      case 'unauthorized':
        return { ok: false, failure: 'busy', detail: failure.message, issue: ACCOUNT_DISCONNECTED }
      case 'rate_limited':
      case 'unreachable':
        return { ok: false, failure: 'busy', detail: failure.message, issue: delayed }
      case 'not_found':
      case 'refused': {
        const code = failure.code
        if (/duplicate/.test(code)) return { ok: false, failure: 'duplicate_code', detail: failure.message }
        if (/no_space|too_many|slots/.test(code)) return { ok: false, failure: 'no_space', detail: failure.message }
        return { ok: false, failure: 'rejected', detail: `Seam refused: ${failure.message}` }
      }
    }
  }

  async #refuseAll(device: DeviceRecord, count: number, error: unknown, delayed: LockIssue): Promise<LockRefusal[]> {
    const refusal = await this.#refusalOf(device, error, delayed)
    return Array.from({ length: count }, () => refusal)
  }

  async #noteConnection(device: DeviceRecord, failure: SeamFailure): Promise<void> {
    if (failure.kind === 'unauthorized' || failure.kind === 'rate_limited' || failure.kind === 'unreachable')
      await recordSeamFailure(this.#db, this.#clock, device.workspaceId, failure)
  }
}

/** Seam itself cannot be asked now (a 429's Retry-After runs): the lock is as Seam last reported it. */
class SeamOutOfReach {
  constructor(readonly message: string) {}
}

/** A read Seam answered with a refusal of the key, or without the lock: why the lock cannot be reached. */
function unreachableError(device: DeviceRecord, failure: SeamFailure): LockUnreachableError {
  switch (failure.kind) {
    case 'not_found':
      return new LockUnreachableError('device_offline', `Seam no longer has ${device.displayName}.`, {
        code: 'device_removed',
        kind: 'error',
      })
    case 'unauthorized':
    case 'rate_limited':
    case 'unreachable':
    case 'refused':
      return new LockUnreachableError('device_offline', failure.message, ACCOUNT_DISCONNECTED)
  }
}

const isOnLockOrGone = (code: AccessCode): boolean => code.status === 'set' || code.status === 'removing'
