'use client'

import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { cx } from '@/components/ui/cx'
import { LoadingBlock, Spinner } from '@/components/ui/spinner'
import { useAccessCode } from '@/lib/client/use-access-code'
import { isInFlight } from '@/lib/client/use-access-codes'
import { queryKeys } from '@/lib/client/query-keys'
import { useAccessCodeEvents } from '@/lib/client/use-events'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { SeamEvent } from '@/lib/schemas/event'
import { formatWithZone } from '@/lib/time/zoned'

type Tone = 'neutral' | 'progress' | 'success' | 'warning' | 'danger'

interface EventLook {
  label: string
  detail?: string
  tone: Tone
}

/** What each access-code event means, in a property manager's words. */
const eventLooks: Record<string, EventLook> = {
  'access_code.created': { label: 'Created', detail: 'Saved in Latchkey; on its way to the lock.', tone: 'neutral' },
  'access_code.changed': {
    label: 'Changed',
    detail: 'New details saved; the lock is brought up to date.',
    tone: 'neutral',
  },
  'access_code.scheduled_on_device': {
    label: 'Scheduled on the lock',
    detail: 'The lock holds the code and turns it on at check-in by itself.',
    tone: 'success',
  },
  'access_code.set_on_device': { label: 'Set on the lock', detail: 'The PIN now opens the door.', tone: 'success' },
  'access_code.removed_from_device': {
    label: 'Removed from the lock',
    detail: 'The PIN no longer opens the door.',
    tone: 'neutral',
  },
  'access_code.delay_in_setting_on_device': { label: 'Setting is taking longer than usual', tone: 'warning' },
  'access_code.failed_to_set_on_device': {
    label: 'Could not be set on the lock',
    detail: 'Latchkey keeps retrying.',
    tone: 'danger',
  },
  'access_code.deleted': { label: 'Deleted', tone: 'neutral' },
  'access_code.delay_in_removing_from_device': { label: 'Removal is taking longer than usual', tone: 'warning' },
  'access_code.failed_to_remove_from_device': {
    label: 'Could not be removed from the lock',
    detail: 'Latchkey keeps retrying.',
    tone: 'danger',
  },
  'access_code.modified_external_to_seam': {
    label: 'Changed outside Latchkey',
    detail: 'Someone changed the code on the lock directly.',
    tone: 'danger',
  },
  'access_code.deleted_external_to_seam': {
    label: 'Removed outside Latchkey',
    detail: 'Someone removed the code from the lock directly.',
    tone: 'danger',
  },
  'access_code.backup_access_code_pulled': {
    label: 'Backup code pulled',
    detail: 'A spare PIN from the lock’s backup pool was handed out.',
    tone: 'neutral',
  },
  'access_code.unmanaged.converted_to_managed': { label: 'Taken over by Latchkey', tone: 'neutral' },
  'access_code.unmanaged.failed_to_convert_to_managed': {
    label: 'Could not be taken over by Latchkey',
    tone: 'danger',
  },
  'access_code.unmanaged.created': { label: 'Found on the lock', tone: 'neutral' },
  'access_code.unmanaged.removed': { label: 'No longer on the lock', tone: 'neutral' },
  'lock.unlocked': { label: 'Opened the door', detail: 'The PIN was entered at the keypad.', tone: 'success' },
  'lock.access_denied': {
    label: 'Refused at the door',
    detail: 'The PIN was entered at the keypad, and the lock did not open.',
    tone: 'danger',
  },
}

function describeEvent(eventType: string): EventLook {
  const known = eventLooks[eventType]
  if (known !== undefined) return known
  const words = eventType
    .replace(/^access_code\./, '')
    .replaceAll('.', ' ')
    .replaceAll('_', ' ')
  return { label: words.charAt(0).toUpperCase() + words.slice(1), tone: 'neutral' }
}

const dots: Record<Tone, string> = {
  neutral: 'bg-slate-400',
  progress: 'bg-sky-500',
  success: 'bg-emerald-600',
  warning: 'bg-amber-500',
  danger: 'bg-red-600',
}

/**
 * How long after the page opens a code the lock has not acknowledged yet ("unset", not scheduled on the device) is
 * still watched: right after a create or an edit, a lock that schedules natively takes it within seconds, but the
 * status stays "unset", which is not "in flight", so nothing else would look again.
 */
const SETTLE_MS = 60_000

function useJustOpened(): boolean {
  const [justOpened, setJustOpened] = useState(true)
  useEffect(() => {
    const timer = setTimeout(() => setJustOpened(false), SETTLE_MS)
    return () => clearTimeout(timer)
  }, [])
  return justOpened
}

/**
 * The code's history, newest first, in the property's time: created, scheduled, set on the lock, changed, failures,
 * removed. Follows along every two seconds while the lock side is working on the code.
 */
export function EventTimeline({ initialCode, timezone }: { initialCode: AccessCode; timezone: string }) {
  const { data: code = initialCode } = useAccessCode(initialCode.access_code_id, initialCode)
  const justOpened = useJustOpened()
  const awaitingLock = code.status === 'unset' && code.is_scheduled_on_device !== true && code.errors.length === 0
  const live = isInFlight(code) || (justOpened && awaitingLock)
  const events = useAccessCodeEvents(code.access_code_id, code.created_at, { live })

  // A new event means the code changed on the lock side: fetch the code too, so status and fields follow.
  const queryClient = useQueryClient()
  const newestEventId = events.data?.[0]?.event_id
  const seenNewest = useRef<string | undefined>(undefined)
  useEffect(() => {
    if (newestEventId === undefined) return
    if (seenNewest.current !== undefined && seenNewest.current !== newestEventId) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.get(code.access_code_id) })
    }
    seenNewest.current = newestEventId
  }, [newestEventId, queryClient, code.access_code_id])

  // The last events land as the code leaves "setting" or "removing": look once more when it does.
  const wasLive = useRef(live)
  const { refetch } = events
  useEffect(() => {
    if (wasLive.current && !live) void refetch()
    wasLive.current = live
  }, [live, refetch])

  if (events.isPending) return <LoadingBlock label="Loading activity…" />
  if (events.isError) {
    return (
      <Alert tone="danger" title="Activity could not be loaded">
        {events.error.message}
      </Alert>
    )
  }
  return (
    <div>
      {live && (
        <p role="status" className="mb-3 flex items-center gap-2 text-xs font-medium text-sky-800">
          <Spinner className="size-3" />
          Following the lock live
        </p>
      )}
      {events.data.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing has happened to this code yet.</p>
      ) : (
        <ol className="relative space-y-4 border-l border-slate-200 pl-5">
          {events.data.map((event: SeamEvent) => {
            const look = describeEvent(event.event_type)
            return (
              <li key={event.event_id} className="relative">
                <span
                  aria-hidden="true"
                  className={cx(
                    'absolute -left-[25px] top-1.5 size-2.5 rounded-full ring-4 ring-white',
                    dots[look.tone],
                  )}
                />
                <p className={cx('text-sm font-medium', look.tone === 'danger' ? 'text-red-800' : 'text-slate-900')}>
                  {look.label}
                </p>
                <p className="text-xs text-slate-600">
                  <time dateTime={event.occurred_at}>
                    {formatWithZone(event.occurred_at, timezone, { second: '2-digit' })}
                  </time>
                </p>
                {look.detail !== undefined && <p className="mt-0.5 text-xs text-slate-600">{look.detail}</p>}
              </li>
            )
          })}
        </ol>
      )}
    </div>
  )
}
