import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query'
import type { Metadata } from 'next'
import { CodeResults } from '@/components/search/code-results'
import { LockResults } from '@/components/search/lock-results'
import { UnmanagedResults } from '@/components/search/unmanaged-results'
import { Alert } from '@/components/ui/alert'
import {
  SEARCH_PAGE_SIZE,
  searchAccessCodesQueryOptions,
  searchUnmanagedAccessCodesQueryOptions,
} from '@/lib/client/query-options'
import { loadSearchPage } from '@/lib/dashboard/search-page'
import { loadPage } from '@/lib/server/service-context'

export const metadata: Metadata = { title: 'Search' }

type SearchParams = Record<string, string | string[] | undefined>

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)

export default async function SearchPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>
  searchParams: Promise<SearchParams>
}) {
  const { workspaceId } = await params
  const typed = one((await searchParams).q) ?? ''
  const page = await loadPage(workspaceId, loadSearchPage, typed, SEARCH_PAGE_SIZE)
  // The results read /access_codes/list and /access_codes/unmanaged/list through TanStack Query; seeding its cache
  // with the API's own first pages puts them in the server-rendered HTML.
  const queryClient = new QueryClient()
  if (page.codes !== null) {
    queryClient.setQueryData(searchAccessCodesQueryOptions(workspaceId, page.search).queryKey, {
      pages: [page.codes],
      pageParams: [null],
    })
  }
  if (page.unmanagedCodes !== null) {
    queryClient.setQueryData(searchUnmanagedAccessCodesQueryOptions(workspaceId, page.search).queryKey, {
      pages: [page.unmanagedCodes],
      pageParams: [null],
    })
  }

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <div className="space-y-6">
        <header>
          <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">
            {page.search === '' ? 'Search' : `Search: “${page.search}”`}
          </h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">
            Finds access codes across every lock of the workspace by part of a guest&apos;s name, PIN digits, a code id
            (8 characters or more) or a lock&apos;s name, also those found on a keypad that Latchkey does not manage,
            and locks by name. Use the search box at the top of any page.
          </p>
        </header>
        {page.invalid !== null ? (
          <Alert tone="warning" title="This search cannot be run">
            The search {page.invalid}. Shorten it and try again.
          </Alert>
        ) : page.search === '' ? null : (
          <>
            {page.lockCount > 0 && (
              <LockResults
                locks={page.locks}
                lockCount={page.lockCount}
                search={page.search}
                workspaceId={workspaceId}
              />
            )}
            <CodeResults
              key={page.search}
              search={page.search}
              places={page.places}
              workspaceId={workspaceId}
              renderedAt={page.renderedAt}
            />
            <UnmanagedResults
              key={`unmanaged ${page.search}`}
              search={page.search}
              places={page.places}
              workspaceId={workspaceId}
              renderedAt={page.renderedAt}
            />
          </>
        )}
      </div>
    </HydrationBoundary>
  )
}
