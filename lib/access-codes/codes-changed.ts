import 'server-only'
import type { Kysely } from 'kysely'
import type { ServiceContext } from '@/lib/context'
import type { Database } from '@/lib/db/schema'
import { bumpAccessCodesVersion, type DeviceRecord } from '@/lib/db/device-record'
import { recordEvent, type NewEvent } from '@/lib/events/record-event'
import { requestSync } from '@/lib/sync/sync-jobs'

/**
 * Whether writing `changes` to a managed code can mean work on its lock. A code's name goes to the lock when the code
 * is programmed, but a pass compares only the PIN and the window with the keypad: a change of the name alone is
 * stored and shown (the list moves on, the event is recorded) and asks nothing of the lock side, where a pass would
 * read the lock (a keypad read, or a provider's API call) and then do nothing. Any other change does, and so does an
 * update that changes nothing at all: that is how the problems queue's "Retry now" asks the lock side to look at the
 * code again.
 */
export function changeNeedsLockWork(changes: object): boolean {
  const columns = Object.keys(changes).filter((column) => column !== 'updated_at')
  return !(columns.length > 0 && columns.every((column) => column === 'name'))
}

/**
 * Every write to codes calls this inside its transaction: cached lists of those devices go stale, and (unless
 * `lockWork` is false: a rename, changeNeedsLockWork) the lock side is asked to bring their keypads in line
 * (its reconciler is woken once the write commits). All happen with the write or not at all. Bumping the version
 * writes the device rows, which holds their row locks until the commit.
 */
export async function codesChanged(
  trx: Kysely<Database>,
  deviceIds: readonly string[],
  now: Date,
  { lockWork = true }: { lockWork?: boolean } = {},
): Promise<void> {
  await bumpAccessCodesVersion(trx, deviceIds)
  if (lockWork) await requestSync(trx, deviceIds, now)
}

/** A write to one code: codesChanged for its device, and the event that records what happened to the code. */
export async function codeChanged(
  trx: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock' | 'workspaceId'>,
  change: Pick<NewEvent, 'eventType' | 'payload'> & {
    accessCodeId: string
    device: Pick<DeviceRecord, 'deviceId' | 'connectedAccountId'>
    /** False for a change the lock never sees (changeNeedsLockWork). */
    lockWork?: boolean
  },
): Promise<void> {
  const { device, lockWork = true, ...event } = change
  await codesChanged(trx, [device.deviceId], ctx.clock.now(), { lockWork })
  await recordEvent(trx, ctx.clock, {
    ...event,
    workspaceId: ctx.workspaceId,
    deviceId: device.deviceId,
    connectedAccountId: device.connectedAccountId,
  })
}
