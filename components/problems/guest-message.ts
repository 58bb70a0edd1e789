import type { AccessCode } from '@/lib/schemas/access-code'
import { formatWithZone } from '@/lib/time/zoned'

/**
 * A message, ready to paste into a chat with the guest, that hands over a backup PIN: which door, the PIN, and when
 * it works, in the property's time.
 */
export function backupGuestMessage(
  backup: Pick<AccessCode, 'code' | 'starts_at' | 'ends_at'>,
  place: { lockName: string; propertyName: string; timezone: string },
): string {
  const when =
    backup.starts_at != null && backup.ends_at != null
      ? ` It works from ${formatWithZone(backup.starts_at, place.timezone)} until ${formatWithZone(backup.ends_at, place.timezone)}.`
      : ''
  return (
    `Hello! Here is your door code for ${place.lockName} at ${place.propertyName}: ${backup.code ?? ''}.${when} ` +
    'Please use this code instead of the one we sent before. Let us know if you have any trouble getting in.'
  )
}
