import type { Metadata } from 'next'
import { CodeBreadcrumb } from '@/components/access-codes/code-breadcrumb'
import { NewStayForm } from '@/components/stays/new-stay-form'
import { ButtonLink } from '@/components/ui/button'
import { Card, CardHeader } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { loadNewStayPage } from '@/lib/dashboard/stay-form-page'
import { loadPage } from '@/lib/server/service-context'

export const metadata: Metadata = { title: 'New stay' }

type SearchParams = Record<string, string | string[] | undefined>

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)

export default async function NewStayPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>
  searchParams: Promise<SearchParams>
}) {
  const { workspaceId } = await params
  const page = await loadPage(workspaceId, loadNewStayPage, one((await searchParams).property_id))
  const stays = `/w/${workspaceId}/stays`

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <CodeBreadcrumb crumbs={[{ label: 'Stays', href: stays }, { label: 'New stay' }]} />
      <Card>
        <CardHeader
          title={<span className="text-xl">New stay</span>}
          description="One guest, one PIN on every door they need, from check-in to check-out. You see what each door will get before anything is sent to the locks."
        />
        {page.properties.length === 0 ? (
          <EmptyState
            title="No properties yet"
            action={
              <ButtonLink href={stays} variant="secondary">
                Back to stays
              </ButtonLink>
            }
          >
            <p>A stay is for the doors of a property. Connect a lock account to this workspace first.</p>
          </EmptyState>
        ) : (
          <NewStayForm properties={page.properties} locks={page.locks} defaultPropertyId={page.propertyId} />
        )}
      </Card>
    </div>
  )
}
