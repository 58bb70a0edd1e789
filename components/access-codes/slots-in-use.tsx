'use client'

import { skipToken, useQuery } from '@tanstack/react-query'
import { slotsInUse } from '@/lib/client/codes-table-model'
import { queryKeys } from '@/lib/client/query-keys'
import type { DeviceCodes } from '@/lib/client/use-access-codes'

/**
 * "12 of 250". Follows the list the codes table keeps live (it only reads the cache, never fetches: the table owns
 * the fetching and the polling), starting from the server's count.
 */
export function SlotsInUse({
  deviceId,
  maxActiveCodes,
  initialUsed,
}: {
  deviceId: string
  maxActiveCodes: number
  initialUsed: number
}) {
  const { data } = useQuery<DeviceCodes>({ queryKey: queryKeys.accessCodes.list(deviceId), queryFn: skipToken })
  const used = data === undefined ? initialUsed : slotsInUse(data.codes, data.removals)
  const full = used >= maxActiveCodes
  return (
    <span className={full ? 'font-semibold text-red-700' : undefined}>
      {used.toLocaleString('en-US')} of {maxActiveCodes.toLocaleString('en-US')}
      {full && ' (full)'}
    </span>
  )
}
