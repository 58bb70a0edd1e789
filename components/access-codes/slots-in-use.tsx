'use client'

import { slotsInUse } from '@/lib/client/codes-table-model'
import { useAccessCodes } from '@/lib/client/use-access-codes'
import { useUnmanagedAccessCodes } from '@/lib/client/use-unmanaged-access-codes'

/**
 * "12 of 250", codes found on the keypad that Latchkey does not manage included (they take slots too). Follows the
 * lists the codes table and the unmanaged codes keep live (it only reads the cache, never fetches: they own the
 * fetching and the polling), starting from the server's counts.
 */
export function SlotsInUse({
  deviceId,
  maxActiveCodes,
  initialUsed,
  initialUnmanaged,
}: {
  deviceId: string
  maxActiveCodes: number
  /** Slots Latchkey's own codes hold. */
  initialUsed: number
  initialUnmanaged: number
}) {
  const { data } = useAccessCodes(deviceId, { enabled: false })
  const { data: unmanagedCodes } = useUnmanagedAccessCodes(deviceId, { enabled: false })
  const unmanaged = unmanagedCodes === undefined ? initialUnmanaged : unmanagedCodes.access_codes.length
  const used = (data === undefined ? initialUsed : slotsInUse(data.codes, data.removals)) + unmanaged
  const full = used >= maxActiveCodes
  return (
    <>
      <span className={full ? 'font-semibold text-red-700' : undefined}>
        {used.toLocaleString('en-US')} of {maxActiveCodes.toLocaleString('en-US')}
        {full && ' (full)'}
      </span>
      {unmanaged > 0 && (
        <span className="block text-xs text-slate-600">
          {unmanaged.toLocaleString('en-US')} not managed by Latchkey
        </span>
      )}
    </>
  )
}
