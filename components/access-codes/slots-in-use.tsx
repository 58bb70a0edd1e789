'use client'

import { slotsInUse } from '@/lib/client/codes-table-model'
import { useAccessCodes } from '@/lib/client/use-access-codes'

/** "12 of 250": read from the same live list as the table, so it moves when codes are added or removed. */
export function SlotsInUse({ deviceId, maxActiveCodes }: { deviceId: string; maxActiveCodes: number }) {
  const { data } = useAccessCodes(deviceId)
  if (data === undefined) return <>– of {maxActiveCodes}</>
  const used = slotsInUse(data.codes, data.removals)
  return (
    <span className={used >= maxActiveCodes ? 'font-semibold text-red-700' : undefined}>
      {used.toLocaleString('en-US')} of {maxActiveCodes.toLocaleString('en-US')}
      {used >= maxActiveCodes && ' (full)'}
    </span>
  )
}
