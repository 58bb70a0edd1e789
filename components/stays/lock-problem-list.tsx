import { cx } from '@/components/ui/cx'
import { problemLabel } from '@/lib/client/stays-model'
import type { LockProblem } from '@/lib/schemas/lock-check'

/** A plan's problems, each in its own words, errors marked as what stops the write and warnings as what does not. */
export function LockProblemList({ problems, className }: { problems: readonly LockProblem[]; className?: string }) {
  if (problems.length === 0) return null
  return (
    <ul className={cx('space-y-1', className)}>
      {problems.map((p, i) => (
        <li key={`${p.problem}-${p.device_id ?? 'row'}-${i}`} className="flex items-start gap-2 text-sm">
          <span
            aria-hidden="true"
            className={cx(
              'mt-1.5 size-2 shrink-0 rounded-full',
              p.severity === 'error' ? 'bg-red-600' : 'bg-amber-500',
            )}
          />
          <span className="min-w-0">
            <span className={cx('font-medium', p.severity === 'error' ? 'text-red-800' : 'text-amber-900')}>
              <span className="sr-only">{p.severity === 'error' ? 'Error: ' : 'Warning: '}</span>
              {problemLabel(p.problem)}
            </span>
            <span className="block text-slate-700">{p.message}</span>
          </span>
        </li>
      ))}
    </ul>
  )
}
