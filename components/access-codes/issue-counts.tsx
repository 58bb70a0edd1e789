import { Badge } from '@/components/ui/badge'
import { describeIssue, type IssueKind } from '@/lib/shared/issue-catalogue'
import type { AccessCode } from '@/lib/schemas/access-code'

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`

/** Distinct catalogue titles, in the order the issues were raised. */
function titles(kind: IssueKind, codes: readonly string[]): string[] {
  return [...new Set(codes.map((code) => describeIssue(kind, code).title))]
}

/** A code's errors and warnings: a count per kind, with each catalogue title spelled out under it (no tooltips). */
export function IssueCounts({ errors, warnings }: Pick<AccessCode, 'errors' | 'warnings'>) {
  if (errors.length === 0 && warnings.length === 0) return <span className="text-sm text-slate-500">None</span>
  const groups = [
    {
      kind: 'error' as const,
      tone: 'danger' as const,
      count: errors.length,
      titles: titles(
        'error',
        errors.map((e) => e.error_code),
      ),
    },
    {
      kind: 'warning' as const,
      tone: 'warning' as const,
      count: warnings.length,
      titles: titles(
        'warning',
        warnings.map((w) => w.warning_code),
      ),
    },
  ].filter((group) => group.count > 0)
  return (
    <div className="flex flex-col gap-1.5">
      {groups.map((group) => (
        <div key={group.kind}>
          <Badge tone={group.tone}>{plural(group.count, group.kind)}</Badge>
          <ul className="mt-1 space-y-0.5 text-xs leading-snug text-slate-700">
            {group.titles.map((title) => (
              <li key={title}>{title}</li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  )
}
