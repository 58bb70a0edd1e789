import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query'
import type { Metadata } from 'next'
import { ProblemsQueue } from '@/components/problems/problems-queue'
import { problemsQueryOptions } from '@/lib/client/query-options'
import { loadProblemsPage } from '@/lib/dashboard/problems-page'
import { loadPage } from '@/lib/server/service-context'

export const metadata: Metadata = { title: 'Problems' }

type SearchParams = Record<string, string | string[] | undefined>

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)

export default async function ProblemsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>
  searchParams: Promise<SearchParams>
}) {
  const { workspaceId } = await params
  const query = await searchParams
  const page = await loadPage(workspaceId, loadProblemsPage, {
    property_id: one(query.property_id),
    device_id: one(query.device_id),
    kind: one(query.kind),
  })
  // The queue reads /problems/list through TanStack Query; seeding its cache with the API's own answer puts the
  // problems in the server-rendered HTML.
  const queryClient = new QueryClient()
  queryClient.setQueryData(problemsQueryOptions(workspaceId, page.filter).queryKey, page.problems)

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <div className="space-y-6">
        <header>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Problems</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">
            Everything that needs attention across the workspace, most urgent first: guests arriving in the next three
            days whose code may not work, codes with errors, locks that are offline, low on battery or nearly full, and
            old PINs still on a keypad. The list follows the locks live.
          </p>
        </header>
        <ProblemsQueue choices={{ properties: page.properties, locks: page.locks }} />
      </div>
    </HydrationBoundary>
  )
}
