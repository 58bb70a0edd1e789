import type { ReactNode } from 'react'
import { cx } from '@/components/ui/cx'

export interface SimulationOutcome {
  tone: 'success' | 'danger' | 'info'
  title: string
  body?: ReactNode
}

const tones: Record<SimulationOutcome['tone'], string> = {
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  danger: 'border-red-200 bg-red-50 text-red-900',
  info: 'border-sky-200 bg-sky-50 text-sky-950',
}

/** What a simulation did, under the form that made it (announced to screen readers as it appears). */
export function SimulationResult({ outcome }: { outcome: SimulationOutcome | undefined }) {
  return (
    <div role="status" className="empty:hidden">
      {outcome !== undefined && (
        <div className={cx('mt-3 rounded-md border px-3 py-2.5 text-sm', tones[outcome.tone])}>
          <p className="font-semibold">{outcome.title}</p>
          {outcome.body !== undefined && <div className="mt-1">{outcome.body}</div>}
        </div>
      )}
    </div>
  )
}
