import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query'
import type { Metadata } from 'next'
import { cache } from 'react'
import { CodeBreadcrumb } from '@/components/access-codes/code-breadcrumb'
import { StayView } from '@/components/stays/stay-view'
import { stayQueryOptions } from '@/lib/client/query-options'
import { staysQueryString } from '@/lib/client/stays-model'
import { loadStayPage } from '@/lib/dashboard/stay-page'
import { loadPage, type RouteProps } from '@/lib/server/service-context'

type StayPageProps = RouteProps<{ workspaceId: string; stayId: string }>

// Metadata and page both need the stay: it is loaded once per request.
const load = cache((workspaceId: string, stayId: string) => loadPage(workspaceId, loadStayPage, stayId))

export async function generateMetadata({ params }: StayPageProps): Promise<Metadata> {
  const { workspaceId, stayId } = await params
  const { stay } = await load(workspaceId, stayId)
  return { title: `${stay.guest_name} – Stays` }
}

export default async function StayPage({ params }: StayPageProps) {
  const { workspaceId, stayId } = await params
  const { stay, locks, renderedAt } = await load(workspaceId, stayId)
  // The page follows the stay through TanStack Query; seeding its cache with /stays/get's own answer puts it in the
  // server-rendered HTML.
  const queryClient = new QueryClient()
  queryClient.setQueryData(stayQueryOptions(workspaceId, stayId).queryKey, { stay })
  const stays = `/w/${workspaceId}/stays`

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <div className="space-y-6">
        <CodeBreadcrumb
          crumbs={[
            { label: 'Stays', href: stays },
            { label: stay.property_name, href: `${stays}?${staysQueryString({ property_id: stay.property_id })}` },
            { label: stay.guest_name },
          ]}
        />
        <StayView stayId={stayId} locks={locks} renderedAt={renderedAt} />
      </div>
    </HydrationBoundary>
  )
}
