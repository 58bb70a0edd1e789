import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query'
import type { Metadata } from 'next'
import { StaysList } from '@/components/stays/stays-list'
import { ButtonLink } from '@/components/ui/button'
import { staysQueryOptions } from '@/lib/client/query-options'
import { loadStaysPage } from '@/lib/dashboard/stays-page'
import { loadPage } from '@/lib/server/service-context'

export const metadata: Metadata = { title: 'Stays' }

type SearchParams = Record<string, string | string[] | undefined>

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)

export default async function StaysPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>
  searchParams: Promise<SearchParams>
}) {
  const { workspaceId } = await params
  const query = await searchParams
  const page = await loadPage(workspaceId, loadStaysPage, {
    property_id: one(query.property_id),
    health: one(query.health),
    search: one(query.search),
    when: one(query.when),
  })
  // The list reads /stays/list through TanStack Query; seeding its cache with the API's own first page puts the stays
  // in the server-rendered HTML.
  const queryClient = new QueryClient()
  queryClient.setQueryData(staysQueryOptions(workspaceId, page.filter).queryKey, {
    pages: [page.stays],
    pageParams: [null],
  })

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <div className="space-y-5">
        <header className="flex flex-wrap items-end justify-between gap-4">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Stays</h1>
            <p className="mt-1 max-w-3xl text-sm text-slate-600">
              Each stay gives one guest the same PIN on every door they need, from check-in to check-out. Shift a stay,
              change its doors or PIN, or cancel it, and every door follows. Times are each property’s local time.
            </p>
          </div>
          <div className="flex gap-2">
            <ButtonLink href={`/w/${workspaceId}/stays/import`} variant="secondary">
              Import CSV
            </ButtonLink>
            <ButtonLink href={`/w/${workspaceId}/stays/new`}>New stay</ButtonLink>
          </div>
        </header>
        <StaysList choices={{ properties: page.properties }} renderedAt={page.renderedAt} />
      </div>
    </HydrationBoundary>
  )
}
