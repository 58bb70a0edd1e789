import type { Metadata } from 'next'
import Link from 'next/link'
import { cache } from 'react'
import { CodeBreadcrumb } from '@/components/access-codes/code-breadcrumb'
import { DeleteAccessCodeButton } from '@/components/access-codes/code-page-actions'
import {
  LiveCodeFields,
  LiveCodeIssues,
  LiveCodeStatus,
  LiveCodeSummary,
} from '@/components/access-codes/code-page-live'
import { EventTimeline } from '@/components/access-codes/event-timeline'
import { PullBackupButton } from '@/components/access-codes/pull-backup-button'
import { WhyPanel } from '@/components/access-codes/why-panel'
import { ButtonLink } from '@/components/ui/button'
import { Card, CardBody, CardHeader } from '@/components/ui/card'
import { loadCodePage } from '@/lib/dashboard/code-page'
import { loadPage, type RouteProps } from '@/lib/server/service-context'

type CodePageProps = RouteProps<{ workspaceId: string; accessCodeId: string }>

// Metadata and page both need the code: it is loaded once per request.
const load = cache((workspaceId: string, accessCodeId: string) => loadPage(workspaceId, loadCodePage, accessCodeId))

export async function generateMetadata({ params }: CodePageProps): Promise<Metadata> {
  const { workspaceId, accessCodeId } = await params
  const { name, lock } = await load(workspaceId, accessCodeId)
  return { title: `${name} – ${lock.displayName}` }
}

export default async function AccessCodePage({ params }: CodePageProps) {
  const { workspaceId, accessCodeId } = await params
  const { lock, code, name, offersBackup, explanation } = await load(workspaceId, accessCodeId)

  return (
    <div className="space-y-6">
      <CodeBreadcrumb crumbs={[...lock.trail, { label: lock.displayName, href: lock.href }, { label: name }]} />

      <header className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <div className="flex flex-wrap items-start justify-between gap-4 px-4 py-4 sm:px-5">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{name}</h1>
            <p className="mt-1 text-sm text-slate-600">
              {code.type === 'time_bound' ? 'Time-bound' : 'Ongoing'} code on{' '}
              <Link href={lock.href} className="font-medium text-brand-700 hover:underline">
                {lock.displayName}
              </Link>{' '}
              · {lock.propertyName}
            </p>
          </div>
          <div className="flex shrink-0 gap-2">
            <ButtonLink href={`/w/${workspaceId}/access-codes/${accessCodeId}/edit`} variant="secondary">
              Edit
            </ButtonLink>
            <DeleteAccessCodeButton code={code} codeName={name} lockName={lock.displayName} />
          </div>
        </div>
        <div className="border-t border-slate-200 px-4 py-3 sm:px-5">
          <LiveCodeStatus initialCode={code} />
        </div>
      </header>

      <WhyPanel initialCode={code} initialExplanation={explanation} timezoneLabel={lock.timezoneLabel} />

      <div className="grid items-start gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Code" />
            <CardBody>
              <LiveCodeSummary initialCode={code} lock={lock} />
            </CardBody>
          </Card>

          <Card>
            <CardHeader
              title="Errors and warnings"
              description="What the lock side has reported about this code, and what to do about it."
            />
            <CardBody>
              <LiveCodeIssues initialCode={code} timezone={lock.timezone} />
            </CardBody>
          </Card>

          {offersBackup && (
            <Card>
              <CardHeader
                title="Backup code"
                description="If this PIN does not work at the door, give the guest a backup PIN. Backups are already on the lock, for the same dates."
              />
              <CardBody>
                <PullBackupButton code={code} codeName={name} />
              </CardBody>
            </Card>
          )}
        </div>

        {/* Beside the code on a wide screen; on a phone, before the long list of fields. */}
        <Card className="lg:row-span-2">
          <CardHeader title="Activity" description={`Times in ${lock.timezoneLabel}`} />
          <CardBody>
            <EventTimeline initialCode={code} timezone={lock.timezone} />
          </CardBody>
        </Card>

        <Card className="lg:col-span-2">
          <CardHeader title="All fields" description="The access code object, as the API returns it." />
          <CardBody>
            <LiveCodeFields initialCode={code} />
          </CardBody>
        </Card>
      </div>
    </div>
  )
}
