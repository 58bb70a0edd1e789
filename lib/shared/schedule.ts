import type { AccessCodeStatus } from '@/lib/schemas/access-code'

export interface CodeWindow {
  type: 'ongoing' | 'time_bound'
  starts_at: string | null
  ends_at: string | null
}

/** Whether the code should be on the keypad at `now`: ongoing codes always, time-bound ones inside their window. */
export function isDueOnDevice(window: CodeWindow, now: Date): boolean {
  if (window.type === 'ongoing') return true
  const t = now.getTime()
  const startsOk = window.starts_at === null || new Date(window.starts_at).getTime() <= t
  const endsOk = window.ends_at === null || t < new Date(window.ends_at).getTime()
  return startsOk && endsOk
}

/**
 * The status a newly accepted (or re-programmed) code starts in: `setting` when it is due on the lock now,
 * `unset` while it waits for its window. The lock side moves it on from there.
 */
export const initialStatus = (window: CodeWindow, now: Date): AccessCodeStatus =>
  isDueOnDevice(window, now) ? 'setting' : 'unset'
