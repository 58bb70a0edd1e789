import Link from 'next/link'
import type { ReactNode } from 'react'
import type { SearchLock } from '@/lib/shared/search-lock'

/** A small label that names a cell on a phone, where the table reads as a stack of cards without column headers. */
export function MobileLabel({ children }: { children: ReactNode }) {
  return <span className="mb-0.5 block text-xs font-medium text-slate-500 sm:hidden">{children}</span>
}

/** The table every kind of code result shares (managed and unmanaged line up column for column). */
export function ResultTable({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm sm:table-fixed">
        <caption className="sr-only">{caption}</caption>
        <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-600 sm:table-header-group">
          <tr>
            <th scope="col" className="w-[20%] py-2.5 pr-3 pl-5">
              Code
            </th>
            <th scope="col" className="w-[15%] px-3 py-2.5">
              PIN
            </th>
            <th scope="col" className="w-[20%] px-3 py-2.5">
              Lock
            </th>
            <th scope="col" className="px-3 py-2.5">
              Window
            </th>
            <th scope="col" className="w-[16%] px-3 py-2.5 sm:pr-5">
              Status
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">{children}</tbody>
      </table>
    </div>
  )
}

/** The lock of a result, linked to its page, with its property. */
export function LockCell({
  place,
  workspaceId,
  linkClassName,
}: {
  place: SearchLock | undefined
  workspaceId: string
  linkClassName: string
}) {
  return (
    <td className="col-span-2 min-w-0 sm:px-3 sm:py-3">
      <MobileLabel>Lock</MobileLabel>
      {place === undefined ? (
        <span className="text-slate-600">A lock no longer in this workspace</span>
      ) : (
        <>
          <Link href={`/w/${workspaceId}/devices/${place.deviceId}`} className={linkClassName}>
            {place.name}
          </Link>
          <div className="text-xs text-slate-600">{place.propertyName}</div>
        </>
      )}
    </td>
  )
}
