import { Badge, type BadgeTone } from '@/components/ui/badge'
import { CheckIcon } from '@/components/ui/icons'
import { Spinner } from '@/components/ui/spinner'
import { isOnOfflineLock, statusGroup, type TableCode } from '@/lib/client/codes-table-model'

function AlertIcon() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3.5">
      <path d="M8 4.5v4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      <circle cx="8" cy="11.5" r="1.1" fill="currentColor" />
    </svg>
  )
}

function ClockIcon() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3.5">
      <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 5v3.2l2 1.3" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  )
}

interface StatusLook {
  tone: BadgeTone
  label: string
  icon: 'check' | 'spinner' | 'clock' | 'alert'
}

/** How a code's status reads on screen: done, in progress, waiting, unsure, or wrong. */
function statusLook(code: Pick<TableCode, 'status' | 'errors' | 'is_scheduled_on_device'>): StatusLook {
  switch (statusGroup(code)) {
    case 'error':
      if (code.status === 'setting' || code.status === 'unset')
        return { tone: 'danger', label: 'Not on lock – error', icon: 'alert' }
      if (code.status === 'removing') return { tone: 'danger', label: 'Removal failing', icon: 'alert' }
      // The PIN is on the keypad and still opens the door; only changes wait until the lock answers again.
      if (isOnOfflineLock(code)) return { tone: 'warning', label: 'On lock – lock offline', icon: 'alert' }
      return { tone: 'danger', label: 'Error', icon: 'alert' }
    case 'set':
      return { tone: 'success', label: 'Set on lock', icon: 'check' }
    case 'setting':
      return { tone: 'progress', label: 'Setting on lock…', icon: 'spinner' }
    case 'removing':
      return { tone: 'progress', label: 'Removing from lock…', icon: 'spinner' }
    case 'unset':
      return code.is_scheduled_on_device === true
        ? { tone: 'neutral', label: 'Scheduled', icon: 'clock' }
        : { tone: 'neutral', label: 'Waiting for start', icon: 'clock' }
    case 'unknown':
      return { tone: 'warning', label: 'Unknown', icon: 'alert' }
  }
}

export function AccessCodeStatusBadge({
  code,
}: {
  code: Pick<TableCode, 'status' | 'errors' | 'is_scheduled_on_device'>
}) {
  const look = statusLook(code)
  return (
    <Badge tone={look.tone} className="whitespace-nowrap">
      {look.icon === 'check' && <CheckIcon />}
      {look.icon === 'spinner' && <Spinner className="size-3" />}
      {look.icon === 'clock' && <ClockIcon />}
      {look.icon === 'alert' && <AlertIcon />}
      {look.label}
    </Badge>
  )
}
