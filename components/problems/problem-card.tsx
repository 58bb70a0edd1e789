import Link from 'next/link'
import { ProblemActions } from '@/components/problems/problem-actions'
import { kindLabels, severityLooks } from '@/components/problems/problem-labels'
import { Badge } from '@/components/ui/badge'
import { cx } from '@/components/ui/cx'
import type { Problem } from '@/lib/schemas/problem'
import { formatWithZone } from '@/lib/time/zoned'

/** One problem: what it is and where, what it means at the door, what to do, and the fixes a click away. */
export function ProblemCard({
  problem,
  workspaceId,
  onActed,
}: {
  problem: Problem
  workspaceId: string
  onActed(): void
}) {
  const look = severityLooks[problem.severity]
  const headingId = `problem-${problem.problem_id.replace(/[^a-zA-Z0-9_-]/g, '-')}`
  const hasCodePage = problem.actions.some((a) => a.action === 'open_code')
  return (
    <article
      aria-labelledby={headingId}
      className={cx('rounded-lg border border-l-4 border-slate-200 bg-white p-4 shadow-sm sm:p-5', look.bar)}
    >
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <Badge tone={look.tone}>{look.label}</Badge>
        <span className="font-medium text-slate-700">{kindLabels[problem.kind]}</span>
        {problem.error_code !== null || problem.warning_code !== null ? (
          <code className="font-mono text-slate-500">{problem.error_code ?? problem.warning_code}</code>
        ) : null}
      </div>
      <h3 id={headingId} className="mt-2 text-base font-semibold break-words text-slate-900">
        <span className="sr-only">{look.label}: </span>
        {problem.title}
      </h3>
      <p className="mt-1 text-sm text-slate-600">
        {problem.access_code_name !== null && problem.access_code_id !== null && (
          <>
            {hasCodePage ? (
              <Link
                href={`/w/${workspaceId}/access-codes/${problem.access_code_id}`}
                className="font-medium text-brand-700 hover:underline"
              >
                {problem.access_code_name}
              </Link>
            ) : (
              <span className="font-medium text-slate-800">{problem.access_code_name}</span>
            )}
            {' on '}
          </>
        )}
        <Link
          href={`/w/${workspaceId}/devices/${problem.device_id}`}
          className="font-medium text-brand-700 hover:underline"
        >
          {problem.device_name}
        </Link>
        {' · '}
        {problem.property_name}
      </p>
      <Times problem={problem} />
      <p className="mt-3 text-sm text-slate-800">{problem.message}</p>
      <p className="mt-2 text-sm text-slate-800">
        <span className="font-semibold">What to do: </span>
        {problem.remedy}
      </p>
      <div className="mt-4">
        <ProblemActions problem={problem} onActed={onActed} />
      </div>
    </article>
  )
}

/** The check-in and since when, in the property's time (the same on the server and in any browser). */
function Times({ problem }: { problem: Problem }) {
  const zone = problem.property_timezone
  const parts = [
    ...(problem.kind === 'arrival_at_risk' && problem.starts_at !== null
      ? [{ term: 'Check-in', iso: problem.starts_at }]
      : []),
    ...(problem.created_at !== null ? [{ term: 'Since', iso: problem.created_at }] : []),
  ]
  if (parts.length === 0) return null
  return (
    <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-slate-600">
      {parts.map((part) => (
        <div key={part.term} className="flex gap-1">
          <dt className="font-medium text-slate-700">{part.term}</dt>
          <dd>
            <time dateTime={part.iso}>{formatWithZone(part.iso, zone)}</time>
          </dd>
        </div>
      ))}
    </dl>
  )
}
