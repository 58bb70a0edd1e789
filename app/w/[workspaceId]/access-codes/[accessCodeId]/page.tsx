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
import { PinCell } from '@/components/access-codes/pin-cell'
import { PullBackupButton } from '@/components/access-codes/pull-backup-button'
import { RemovingCodeNotice, RemovingCodePanel } from '@/components/access-codes/removing-code-panel'
import { WhyPanel } from '@/components/access-codes/why-panel'
import { Badge } from '@/components/ui/badge'
import { ButtonLink } from '@/components/ui/button'
import { Card, CardBody, CardHeader } from '@/components/ui/card'
import { loadCodePage, type RemovingCodePage } from '@/lib/dashboard/code-page'
import { loadPage, type RouteProps } from '@/lib/server/service-context'
import { formatInZone, zoneAbbreviation } from '@/lib/time/zoned'

type CodePageProps = RouteProps<{ workspaceId: string; accessCodeId: string }>

// Metadata and page both need the code: it is loaded once per request.
const load = cache((workspaceId: string, accessCodeId: string) => loadPage(workspaceId, loadCodePage, accessCodeId))

export async function generateMetadata({ params }: CodePageProps): Promise<Metadata> {
  const { workspaceId, accessCodeId } = await params
  const { kind, name, lock } = await load(workspaceId, accessCodeId)
  return { title: `${name}${kind === 'removing' ? ' (deleted)' : ''} – ${lock.displayName}` }
}

export default async function AccessCodePage({ params }: CodePageProps) {
  const { workspaceId, accessCodeId } = await params
  const page = await load(workspaceId, accessCodeId)
  if (page.kind === 'removing') return <RemovingCode page={page} />
  const { lock, code, name, offersBackup, explanation, stay } = page

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
              {!lock.isSandbox && ' · Seam lock'}
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
        {stay !== null && (
          <p className="border-t border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700 sm:px-5">
            One door of the stay of{' '}
            <Link
              href={`/w/${workspaceId}/stays/${stay.stayId}`}
              className="font-medium text-brand-700 hover:underline"
            >
              {stay.guestName} ({stay.reservationKey})
            </Link>
            {stay.cancelled
              ? ', which was cancelled.'
              : '. Change its dates, PIN or doors on the stay’s page, so every door follows; Edit here changes this door only.'}
          </p>
        )}
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

/**
 * A deleted code whose PIN the lock may still hold: what was deleted and when, that the lock is still to let go of
 * it, and why (live). Nothing to edit or delete: it is gone from the API, and the lock side finishes the removal.
 */
function RemovingCode({ page }: { page: RemovingCodePage }) {
  const { lock, code, name, deletedAt, explanation } = page
  return (
    <div className="space-y-6">
      <CodeBreadcrumb crumbs={[...lock.trail, { label: lock.displayName, href: lock.href }, { label: name }]} />

      <header className="overflow-hidden rounded-lg border border-amber-300 bg-white shadow-sm">
        <div className="px-4 py-4 sm:px-5">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{name}</h1>
            <Badge tone="warning">Deleted</Badge>
          </div>
          <p className="mt-1 text-sm text-slate-600">
            {code.type === 'time_bound' ? 'Time-bound' : 'Ongoing'} code on{' '}
            <Link href={lock.href} className="font-medium text-brand-700 hover:underline">
              {lock.displayName}
            </Link>{' '}
            · {lock.propertyName}
          </p>
        </div>
        <RemovingCodeNotice
          accessCodeId={code.access_code_id}
          initialExplanation={explanation}
          deletedAt={`${formatInZone(deletedAt, lock.timezone)} ${zoneAbbreviation(lock.timezone, new Date(deletedAt))}`}
          lockName={lock.displayName}
        />
      </header>

      <RemovingCodePanel
        accessCodeId={code.access_code_id}
        initialExplanation={explanation}
        timezoneLabel={lock.timezoneLabel}
      />

      <Card>
        <CardHeader title="What was deleted" />
        <CardBody>
          <dl className="grid gap-4 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">PIN</dt>
              <dd className="mt-1">
                <PinCell pin={code.code} codeName={name} owner={{ access_code_id: code.access_code_id }} />
              </dd>
            </div>
            <div>
              <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Window</dt>
              <dd className="mt-1 text-slate-900">
                {code.starts_at == null || code.ends_at == null ? (
                  'Always (ongoing)'
                ) : (
                  <>
                    <time dateTime={code.starts_at}>{formatInZone(code.starts_at, lock.timezone)}</time> →{' '}
                    <time dateTime={code.ends_at}>{formatInZone(code.ends_at, lock.timezone)}</time>
                  </>
                )}
              </dd>
            </div>
            <div>
              <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Created</dt>
              <dd className="mt-1 text-slate-900">
                <time dateTime={code.created_at}>{formatInZone(code.created_at, lock.timezone)}</time>
              </dd>
            </div>
          </dl>
        </CardBody>
      </Card>
    </div>
  )
}
