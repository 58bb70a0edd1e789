import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import { bumpAccessCodesVersion } from '@/lib/devices/device-record'
import { requestSync } from '@/lib/sync/sync-jobs'

/**
 * Every write to codes calls this inside its transaction: cached lists of those devices go stale, and the lock side
 * is asked to bring their keypads in line. Both happen with the write or not at all.
 */
export async function codesChanged(trx: Kysely<Database>, deviceIds: readonly string[], now: Date): Promise<void> {
  await bumpAccessCodesVersion(trx, deviceIds)
  await requestSync(trx, deviceIds, now)
}
