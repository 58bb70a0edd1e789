import 'server-only'
import { listAccessCodes, listPendingRemovals } from '@/lib/access-codes/list-access-codes'
import { listUnmanagedAccessCodes } from '@/lib/access-codes/unmanaged-access-codes'
import type { ServiceContext } from '@/lib/context'
import type { DeviceRecord } from '@/lib/db/device-record'
import { pageLockOf, type PageLock } from '@/lib/dashboard/page-lock'
import { deviceObjectOf } from '@/lib/devices/list-devices'
import { loadDevice } from '@/lib/devices/load-device'
import { brandName } from '@/lib/devices/simulate-fault'
import {
  listAccessCodesInput,
  listUnmanagedAccessCodesInput,
  type AccessCode,
  type AccessCodesResponse,
  type ListAccessCodesResponse,
  type ListUnmanagedAccessCodesResponse,
} from '@/lib/schemas/access-code'
import type { GetDeviceResponse } from '@/lib/schemas/device'
import { batteryStatus, type BatteryStatus } from '@/lib/shared/battery'
import { brandAndModel } from '@/lib/shared/brand-and-model'
import { describeLengths } from '@/lib/shared/code-rules'
import { describeIssue } from '@/lib/shared/issue-catalogue'
import { lockRulesInWords } from '@/lib/shared/pin-rules-in-words'

export interface LockPage {
  lock: PageLock & {
    /** "Schlage Encode Plus". */
    brandAndModel: string
    /** The brand a sandbox lock stands in for ("Schlage"), or the maker's name. */
    brand: string
    online: boolean
    accountConnected: boolean
    isSandbox: boolean
    battery: { percent: number; status: BatteryStatus } | null
    /** "4 to 8 digits", or "Not reported". */
    pinLengths: string
    /** Every rule the lock reports, in words. */
    pinRules: string[]
    maxActiveCodes: number
    /**
     * What the lock reports about itself (its conditions, or why it cannot be reached) as the lock side last saw it,
     * shaped like a code's errors and warnings, for the catalogue's words. Empty while its account is disconnected.
     */
    reports: Pick<AccessCode, 'errors' | 'warnings'>
  }
  /** When the page was rendered: the codes table's first "now", so server and browser agree. */
  renderedAt: string
  /** What /access_codes/list answers for the lock: seeds `accessCodesQueryOptions`. */
  accessCodes: ListAccessCodesResponse
  /** What /access_codes/pending_removals/list answers: seeds `pendingRemovalsQueryOptions`. */
  pendingRemovals: AccessCodesResponse
  /**
   * What /access_codes/unmanaged/list answers for the lock (codes on its keypad that Latchkey did not set): seeds
   * `unmanagedAccessCodesQueryOptions`.
   */
  unmanagedCodes: ListUnmanagedAccessCodesResponse
  /**
   * For a sandbox lock, what /devices/get answers (its possible and active faults): seeds `deviceQueryOptions` for
   * the Simulate panel. Null for a real lock.
   */
  sandboxDevice: GetDeviceResponse | null
}

/** The lock page: the lock's facts in words, and its codes (unmanaged ones too) as the API lists them. */
export async function loadLockPage(ctx: ServiceContext, deviceId: string): Promise<LockPage> {
  // The lists are the same reads, with the same defaults, as the two API operations the browser then polls.
  const [device, accessCodes, removals, unmanagedCodes] = await Promise.all([
    loadDevice(ctx, deviceId),
    listAccessCodes(ctx, listAccessCodesInput.parse({ device_id: deviceId })),
    listPendingRemovals(ctx, deviceId),
    listUnmanagedAccessCodes(ctx, listUnmanagedAccessCodesInput.parse({ device_id: deviceId })),
  ])
  const now = ctx.clock.now()
  const level = device.batteryLevel
  const sandboxDevice = device.isSandbox ? { device: await deviceObjectOf(ctx, device) } : null
  return {
    lock: {
      ...pageLockOf(device, now),
      brandAndModel: brandAndModel(device),
      brand: brandName(device.provider),
      online: device.online,
      accountConnected: device.accountConnected,
      isSandbox: device.isSandbox,
      battery: level === null ? null : { percent: Math.round(level * 100), status: batteryStatus(level) },
      pinLengths:
        device.supportedCodeLengths.length === 0
          ? 'Not reported'
          : `${describeLengths(device.supportedCodeLengths)} digits`,
      pinRules: lockRulesInWords(device.codeConstraints),
      maxActiveCodes: device.maxActiveCodes,
      reports: lockReports(device),
    },
    renderedAt: now.toISOString(),
    accessCodes,
    pendingRemovals: { access_codes: removals },
    unmanagedCodes,
    sandboxDevice,
  }
}

function lockReports(device: DeviceRecord): Pick<AccessCode, 'errors' | 'warnings'> {
  const reported = device.accountConnected ? device.reportedIssues : []
  return {
    errors: reported
      .filter((i) => i.kind === 'error')
      .map((i) => ({ error_code: i.code, message: describeIssue('error', i.code).message, created_at: i.createdAt })),
    warnings: reported
      .filter((i) => i.kind === 'warning')
      .map((i) => ({
        warning_code: i.code,
        message: describeIssue('warning', i.code).message,
        created_at: i.createdAt,
      })),
  }
}
