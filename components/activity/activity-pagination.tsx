import Link from 'next/link'
import { cx } from '@/components/ui/cx'

const pageLink =
  'inline-flex h-8 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50'
const disabledLink = 'inline-flex h-8 items-center rounded-md border border-slate-200 px-3 text-sm text-slate-400'

/** Where the page is in the matching events, and links to the newer and older pages. */
export function ActivityPagination({
  page,
  pageSize,
  shown,
  matching,
  matchingIsCapped,
  hasNextPage,
  hrefOf,
}: {
  page: number
  pageSize: number
  shown: number
  matching: number
  matchingIsCapped: boolean
  hasNextPage: boolean
  hrefOf(page: number): string
}) {
  const first = (page - 1) * pageSize + 1
  const total = `${matching.toLocaleString('en-US')}${matchingIsCapped ? '+' : ''}`
  return (
    <nav aria-label="Pages of events" className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-600">
        {shown === 0
          ? `No events on page ${page}.`
          : `Events ${first.toLocaleString('en-US')}–${(first + shown - 1).toLocaleString('en-US')} of ${total}, newest first.`}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={hrefOf(page - 1)} className={pageLink} rel="prev">
            Newer
          </Link>
        ) : (
          <span aria-disabled="true" className={cx(disabledLink)}>
            Newer
          </span>
        )}
        {hasNextPage ? (
          <Link href={hrefOf(page + 1)} className={pageLink} rel="next">
            Older
          </Link>
        ) : (
          <span aria-disabled="true" className={disabledLink}>
            Older
          </span>
        )}
      </div>
    </nav>
  )
}
