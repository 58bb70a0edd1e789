import { CheckIcon } from '@/components/ui/icons'
import { cx } from '@/components/ui/cx'
import { describeIssue, type IssueEntry, type IssueKind, type IssueScope } from '@/lib/shared/issue-catalogue'
import type { AccessCode } from '@/lib/schemas/access-code'
import { formatWithZone } from '@/lib/time/zoned'

const scopeWords: Record<IssueScope, string> = {
  access_code: 'About this code',
  device: 'About the lock',
  connected_account: 'About the lock maker’s account',
  bridge: 'About the lock’s bridge',
}

const looks = {
  error: { box: 'border-red-200 bg-red-50/60', icon: 'bg-red-600', title: 'text-red-900', kindWord: 'Error' },
  warning: {
    box: 'border-amber-200 bg-amber-50/60',
    icon: 'bg-amber-500',
    title: 'text-amber-950',
    kindWord: 'Warning',
  },
  notice: { box: 'border-sky-200 bg-sky-50/60', icon: 'bg-sky-600', title: 'text-sky-950', kindWord: 'Notice' },
} as const

interface Shown {
  kind: IssueKind
  code: string
  since: string
  entry: IssueEntry
}

/**
 * A code's errors and warnings, each with the catalogue's title, what it means and what to do about it.
 * Errors come first: they are the ones that stop a PIN working at the door.
 */
export function IssueList({
  errors,
  warnings,
  timezone,
}: Pick<AccessCode, 'errors' | 'warnings'> & { timezone: string }) {
  const shown: Shown[] = [
    ...errors.map((e) => ({
      kind: 'error' as const,
      code: e.error_code,
      since: e.created_at,
      entry: describeIssue('error', e.error_code),
    })),
    ...warnings.map((w) => ({
      kind: 'warning' as const,
      code: w.warning_code,
      since: w.created_at,
      entry: describeIssue('warning', w.warning_code),
    })),
  ]
  if (shown.length === 0) {
    return (
      <p className="flex items-center gap-2 text-sm text-slate-700">
        <CheckIcon className="size-4 text-emerald-600" />
        No errors or warnings on this code.
      </p>
    )
  }
  return (
    <ul className="space-y-3">
      {shown.map((issue) => {
        const look = looks[issue.kind === 'warning' && issue.entry.severity === 'notice' ? 'notice' : issue.kind]
        return (
          <li key={`${issue.kind}-${issue.code}`} className={cx('rounded-lg border p-4', look.box)}>
            <div className="flex items-start gap-3">
              <span aria-hidden="true" className={cx('mt-1.5 size-2 shrink-0 rounded-full', look.icon)} />
              <div className="min-w-0 flex-1">
                <h3 className={cx('text-sm font-semibold', look.title)}>
                  <span className="sr-only">{look.kindWord}: </span>
                  {issue.entry.title}
                </h3>
                <p className="mt-0.5 text-xs text-slate-600">
                  {look.kindWord} · {scopeWords[issue.entry.scope]} · since{' '}
                  <time dateTime={issue.since}>{formatWithZone(issue.since, timezone)}</time> ·{' '}
                  <code className="font-mono">{issue.code}</code>
                </p>
                <p className="mt-2 text-sm text-slate-800">{issue.entry.explanation}</p>
                <p className="mt-2 text-sm text-slate-800">
                  <span className="font-semibold">What to do: </span>
                  {issue.entry.whatToDo}
                </p>
              </div>
            </div>
          </li>
        )
      })}
    </ul>
  )
}
