import type { BadgeTone } from '@/components/ui/badge'
import type { ProblemKind, ProblemSeverity } from '@/lib/schemas/problem'

/** What each kind of problem is called in the queue's filter and on its cards. */
export const kindLabels: Record<ProblemKind, string> = {
  arrival_at_risk: 'Arrival at risk',
  stuck_removing: 'Old PIN not removed',
  code_error: 'Code error',
  code_warning: 'Code warning',
  device_offline: 'Lock offline',
  account_disconnected: 'Account disconnected',
  device_error: 'Lock error',
  device_warning: 'Lock warning',
  low_battery: 'Low battery',
  keypad_nearly_full: 'Keypad nearly full',
  seam_connection: 'Seam connection',
}

export const severityLooks: Record<
  ProblemSeverity,
  { label: string; heading: string; description: string; tone: BadgeTone; bar: string }
> = {
  critical: {
    label: 'Critical',
    heading: 'Critical',
    description: 'A guest may not get in, or an old PIN may still open the door.',
    tone: 'danger',
    bar: 'border-l-red-600',
  },
  problem: {
    label: 'Problem',
    heading: 'Problems',
    description: 'Something is wrong and may need you; Latchkey is usually still retrying.',
    tone: 'warning',
    bar: 'border-l-amber-500',
  },
  notice: {
    label: 'Notice',
    heading: 'Notices',
    description: 'For information: nothing is broken.',
    tone: 'info',
    bar: 'border-l-sky-500',
  },
}
