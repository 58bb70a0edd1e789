import 'server-only'

// When a device next needs a reconcile pass.
import type { DeviceRecord } from '@/lib/db/device-record'
import type { CodeWork } from '@/lib/sync/code-work'
import { schedulesNatively } from '@/lib/sync/plan-code'
import type { ReconcilerSettings } from '@/lib/sync/reconcile-env'

interface NextDueContext {
  now: Date
  device: DeviceRecord
  leadMs: number
  settings: ReconcilerSettings
  failures: number
  keypadKnown: boolean
}

/** The earliest moment anything about this device changes: a window edge, a retry, a delay warning, a keypad poll. */
export function nextDue(managed: readonly CodeWork[], ctx: NextDueContext): Date | null {
  const now = ctx.now.getTime()
  const times: number[] = []
  const future = (t: number): void => {
    if (t > now) times.push(t)
  }
  let anythingOnKeypad = false
  let retry = false
  for (const work of managed) {
    if (work.status === 'deleted') continue
    if (work.get('provider_code_id') !== null) anythingOnKeypad = true
    if (work.needsRetry) retry = true
    const { row } = work
    if (row.type === 'time_bound' && row.starts_at !== null && row.ends_at !== null) {
      const startsAt = new Date(row.starts_at).getTime()
      if (schedulesNatively(ctx.device, work) && row.is_offline_access_code === 0) future(startsAt - ctx.leadMs)
      future(startsAt)
      future(new Date(row.ends_at).getTime())
    }
    const since = work.get('pending_since')
    if (
      since !== null &&
      !work.warnings.has('delay_in_setting_on_device') &&
      !work.warnings.has('delay_in_removing_from_device')
    ) {
      future(new Date(since).getTime() + ctx.settings.delayWarningAfterMs)
    }
  }
  if (retry) {
    times.push(now + Math.min(ctx.settings.retryBaseMs * 2 ** Math.max(0, ctx.failures - 1), ctx.settings.retryMaxMs))
  }
  if (anythingOnKeypad || !ctx.keypadKnown) times.push(now + ctx.settings.keypadPollMs)
  return times.length === 0 ? null : new Date(Math.min(...times))
}
