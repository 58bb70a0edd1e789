'use client'

import Link from 'next/link'
import { useState, type ReactNode } from 'react'
import { LockProblemList } from '@/components/stays/lock-problem-list'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { ROWS_PAGE, rowActionLabel } from '@/lib/client/import-stays-model'
import type { ImportRow } from '@/lib/schemas/stay'

const actionTones: Record<ImportRow['action'], BadgeTone> = {
  create: 'info',
  update: 'progress',
  unchanged: 'neutral',
  error: 'danger',
}

function MobileLabel({ children }: { children: ReactNode }) {
  return <span className="mb-0.5 block text-xs font-medium text-slate-500 sm:hidden">{children}</span>
}

/** Rows of an import, a hundred at a time: the line in the file, the key, what happens to it, and its problems. */
export function ImportRowsTable({
  rows,
  dryRun,
  lockNames,
  workspaceId,
  caption,
}: {
  rows: readonly ImportRow[]
  dryRun: boolean
  lockNames: Readonly<Record<string, string>>
  workspaceId: string
  caption: string
}) {
  const [shown, setShown] = useState(ROWS_PAGE)
  const visible = rows.slice(0, shown)
  return (
    <div className="space-y-3">
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-600 sm:table-header-group">
            <tr>
              <th scope="col" className="w-16 py-2 pr-3 pl-4">
                Line
              </th>
              <th scope="col" className="px-3 py-2">
                Reservation
              </th>
              <th scope="col" className="px-3 py-2 whitespace-nowrap">
                What happens
              </th>
              <th scope="col" className="px-3 py-2 pr-4">
                Problems
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {visible.map((row) => (
              <tr
                key={row.line}
                className="grid grid-cols-[auto_minmax(0,1fr)_auto] items-start gap-x-3 gap-y-1.5 px-4 py-3 sm:table-row sm:p-0 sm:align-top"
              >
                <td className="text-slate-600 tabular-nums sm:py-3 sm:pr-3 sm:pl-4">
                  <span className="sm:hidden">Line </span>
                  {row.line}
                </td>
                <td className="min-w-0 font-mono break-words text-slate-900 sm:px-3 sm:py-3">
                  {row.stay_id !== null && !dryRun ? (
                    <Link href={`/w/${workspaceId}/stays/${row.stay_id}`} className="text-brand-700 hover:underline">
                      {row.reservation_key ?? 'Stay'}
                    </Link>
                  ) : (
                    (row.reservation_key ?? <span className="font-sans text-slate-500">No key</span>)
                  )}
                </td>
                <td className="justify-self-end sm:px-3 sm:py-3">
                  <Badge tone={actionTones[row.action]} className="whitespace-nowrap">
                    {rowActionLabel(row.action, dryRun)}
                  </Badge>
                </td>
                <td className="col-span-3 sm:px-3 sm:py-3 sm:pr-4">
                  {row.problems.length === 0 ? (
                    <span className="hidden text-slate-500 sm:inline">None</span>
                  ) : (
                    <>
                      <MobileLabel>Problems</MobileLabel>
                      <LockProblemList
                        problems={row.problems.map((p) => {
                          const lock = p.device_id === null ? undefined : lockNames[p.device_id]
                          return lock === undefined || p.message.includes(lock)
                            ? p
                            : { ...p, message: `${lock}: ${p.message}` }
                        })}
                      />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > shown && (
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm text-slate-600">
            Showing {shown.toLocaleString('en-US')} of {rows.length.toLocaleString('en-US')} rows.
          </p>
          <Button variant="secondary" size="sm" onClick={() => setShown(shown + ROWS_PAGE)}>
            Show {Math.min(ROWS_PAGE, rows.length - shown)} more
          </Button>
        </div>
      )}
    </div>
  )
}
