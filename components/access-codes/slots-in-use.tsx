'use client'

import { slotsInUse } from '@/lib/client/codes-table-model'
import { useAccessCodes } from '@/lib/client/use-access-codes'

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
  const { data } = useAccessCodes(deviceId, { enabled: false })
  const used = data === undefined ? initialUsed : slotsInUse(data.codes, data.removals)
  const full = used >= maxActiveCodes
  return (
    <span className={full ? 'font-semibold text-red-700' : undefined}>
      {used.toLocaleString('en-US')} of {maxActiveCodes.toLocaleString('en-US')}
      {full && ' (full)'}
    </span>
  )
}
