import 'server-only'
import type { Kysely } from 'kysely'
import type { ServiceContext } from '@/lib/context'
import type { Database } from '@/lib/db/schema'
import { bumpAccessCodesVersion, type DeviceRecord } from '@/lib/db/device-record'
import { recordEvent, type NewEvent } from '@/lib/events/record-event'
import { requestSync } from '@/lib/sync/sync-jobs'

/**
 * Every write to codes calls this inside its transaction: cached lists of those devices go stale, and the lock side
 * is asked to bring their keypads in line (its reconciler is woken once the write commits). All happen with the
 * write or not at all. Bumping the version writes the device rows, which holds their row locks until the commit.
 */
export async function codesChanged(trx: Kysely<Database>, deviceIds: readonly string[], now: Date): Promise<void> {
  await bumpAccessCodesVersion(trx, deviceIds)
  await requestSync(trx, deviceIds, now)
}

/** A write to one code: codesChanged for its device, and the event that records what happened to the code. */
export async function codeChanged(
  trx: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock' | 'workspaceId'>,
  change: Pick<NewEvent, 'eventType' | 'payload'> & {
    accessCodeId: string
    device: Pick<DeviceRecord, 'deviceId' | 'connectedAccountId'>
  },
): Promise<void> {
  const { device, ...event } = change
  await codesChanged(trx, [device.deviceId], ctx.clock.now())
  await recordEvent(trx, ctx.clock, {
    ...event,
    workspaceId: ctx.workspaceId,
    deviceId: device.deviceId,
    connectedAccountId: device.connectedAccountId,
  })
}
