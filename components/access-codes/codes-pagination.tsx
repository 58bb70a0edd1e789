import { Button } from '@/components/ui/button'
import { rangeLabel, type PageSlice } from '@/lib/client/codes-table-model'

/** "Showing 51–100 of 1,000 codes", and Previous / Next when there is more than one page. */
export function CodesPagination({
  view,
  filteredFrom,
  onPage,
}: {
  view: Pick<PageSlice<unknown>, 'from' | 'to' | 'total' | 'page' | 'pageCount'>
  /** How many codes the lock has, when filters cut the list down. */
  filteredFrom: number | undefined
  onPage(page: number): void
}) {
  return (
    <nav
      aria-label="Pages of access codes"
      className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 sm:px-5"
    >
      <p aria-live="polite" className="text-sm text-slate-600">
        {rangeLabel(view)}
        {filteredFrom !== undefined && (
          <span className="text-slate-500"> (filtered from {filteredFrom.toLocaleString('en-US')})</span>
        )}
      </p>
      {view.pageCount > 1 && (
        <div className="flex items-center gap-2">
          <span className="text-sm text-slate-600">
            Page {view.page} of {view.pageCount}
          </span>
          <Button variant="secondary" size="sm" disabled={view.page <= 1} onClick={() => onPage(view.page - 1)}>
            Previous
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={view.page >= view.pageCount}
            onClick={() => onPage(view.page + 1)}
          >
            Next
          </Button>
        </div>
      )}
    </nav>
  )
}
