'use client'

import Link from 'next/link'
import { memo, type ReactNode } from 'react'
import { AccessCodeStatusBadge } from '@/components/access-codes/access-code-status-badge'
import { CodeSchedule } from '@/components/access-codes/code-schedule'
import { IssueCounts } from '@/components/access-codes/issue-counts'
import { PinCell } from '@/components/access-codes/pin-cell'
import { Button } from '@/components/ui/button'
import { cx } from '@/components/ui/cx'
import type { AccessCode } from '@/lib/schemas/access-code'
import { codeDisplayName } from '@/lib/shared/code-name'

/** A small label that names a cell on a phone, where the table reads as a stack of cards without column headers. */
function MobileLabel({ children }: { children: ReactNode }) {
  return <span className="mb-0.5 block text-xs font-medium text-slate-500 sm:hidden">{children}</span>
}

const typeLabel = (type: AccessCode['type']): string => (type === 'ongoing' ? 'Ongoing' : 'Time-bound')

// Rows only re-render when their code changes: a live refetch that moves one code from Setting to Set redraws one row.
export const CodeRow = memo(function CodeRow({
  code,
  href,
  timezone,
  now,
  onDelete,
}: {
  code: AccessCode
  href: string
  timezone: string
  now: number
  onDelete(code: AccessCode): void
}) {
  const name = codeDisplayName(code)
  const problems = code.errors.length + code.warnings.length > 0
  return (
    <tr className="grid grid-cols-[minmax(0,1fr)_auto] items-start gap-x-3 gap-y-2 px-4 py-3 hover:bg-slate-50/70 sm:table-row sm:p-0 sm:align-top">
      <td className="min-w-0 sm:py-3 sm:pl-5 sm:pr-3">
        <Link href={href} className="font-medium break-words text-brand-700 hover:text-brand-800 hover:underline">
          {name}
        </Link>
      </td>
      <td className="col-start-1 row-start-2 sm:px-3 sm:py-2">
        <PinCell pin={code.code} codeName={name} owner={{ access_code_id: code.access_code_id }} />
      </td>
      <td className="hidden px-3 py-3 whitespace-nowrap text-slate-700 sm:table-cell">{typeLabel(code.type)}</td>
      <td className="col-span-2 sm:px-3 sm:py-3">
        <MobileLabel>Schedule</MobileLabel>
        <CodeSchedule code={code} timezone={timezone} now={now} />
      </td>
      {/* On a phone the badge sits top right of the card, beside the name. */}
      <td className="col-start-2 row-start-1 justify-self-end sm:px-3 sm:py-3">
        <AccessCodeStatusBadge code={code} />
      </td>
      <td className={cx('col-span-2 sm:px-3 sm:py-3', !problems && 'hidden sm:table-cell')}>
        <MobileLabel>Problems</MobileLabel>
        <IssueCounts errors={code.errors} warnings={code.warnings} />
      </td>
      <td className="col-start-2 row-start-2 self-center justify-self-end sm:py-2 sm:pl-3 sm:pr-5 sm:text-right">
        <Button variant="ghost" size="sm" aria-label={`Delete ${name}`} onClick={() => onDelete(code)}>
          Delete
        </Button>
      </td>
    </tr>
  )
})
