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
import { ButtonLink } from '@/components/ui/button'
import { Card, CardBody, CardHeader } from '@/components/ui/card'
import { loadAccessCode } from '@/lib/access-codes/access-code-store'
import { getAccessCode } from '@/lib/access-codes/list-access-codes'
import { fromBool } from '@/lib/db/values'
import { loadDevice } from '@/lib/devices/device-record'
import { orNotFound, workspacePage } from '@/lib/server/service-context'
import { zoneLabel } from '@/lib/time/zoned'

interface CodePageProps {
  params: Promise<{ workspaceId: string; accessCodeId: string }>
}

// Metadata and page both need the code: read it once per request.
const loadCode = cache(async (workspaceId: string, accessCodeId: string) => {
  const { ctx } = await workspacePage(workspaceId)
  const code = await orNotFound(getAccessCode(ctx, { access_code_id: accessCodeId }))
  const [device, row] = await Promise.all([
    orNotFound(loadDevice(ctx, code.device_id)),
    orNotFound(loadAccessCode(ctx, accessCodeId)),
  ])
  // The wire object only says whether a backup is available; whether the code asked for the pool is in the store.
  return { ctx, code, device, usesBackupPool: fromBool(row.use_backup_access_code_pool) }
})

const nameOf = (name: string | null): string => (name === null || name.trim() === '' ? 'Unnamed code' : name)

export async function generateMetadata({ params }: CodePageProps): Promise<Metadata> {
  const { workspaceId, accessCodeId } = await params
  const { code, device } = await loadCode(workspaceId, accessCodeId)
  return { title: `${nameOf(code.name)} – ${device.displayName}` }
}

export default async function AccessCodePage({ params }: CodePageProps) {
  const { workspaceId, accessCodeId } = await params
  const { ctx, code, device, usesBackupPool } = await loadCode(workspaceId, accessCodeId)
  const name = nameOf(code.name)
  const lockHref = `/w/${workspaceId}/devices/${device.deviceId}`
  const lock = {
    deviceId: device.deviceId,
    displayName: device.displayName,
    propertyName: device.propertyName,
    timezone: device.timezone,
  }
  const offersBackup = code.type === 'time_bound' && usesBackupPool

  return (
    <div className="space-y-6">
      <CodeBreadcrumb
        crumbs={[
          { label: 'Locks', href: `/w/${workspaceId}` },
          { label: device.propertyName },
          { label: device.displayName, href: lockHref },
          { label: name },
        ]}
      />

      <header className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <div className="flex flex-wrap items-start justify-between gap-4 px-4 py-4 sm:px-5">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{name}</h1>
            <p className="mt-1 text-sm text-slate-600">
              {code.type === 'time_bound' ? 'Time-bound' : 'Ongoing'} code on{' '}
              <Link href={lockHref} className="font-medium text-brand-700 hover:underline">
                {device.displayName}
              </Link>{' '}
              · {device.propertyName}
            </p>
          </div>
          <div className="flex shrink-0 gap-2">
            <ButtonLink href={`/w/${workspaceId}/access-codes/${accessCodeId}/edit`} variant="secondary">
              Edit
            </ButtonLink>
            <DeleteAccessCodeButton code={code} codeName={name} lockName={device.displayName} />
          </div>
        </div>
        <div className="border-t border-slate-200 px-4 py-3 sm:px-5">
          <LiveCodeStatus initialCode={code} />
        </div>
      </header>

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
              <LiveCodeIssues initialCode={code} timezone={device.timezone} />
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
          <CardHeader title="Activity" description={`Times in ${zoneLabel(device.timezone, ctx.clock.now())}`} />
          <CardBody>
            <EventTimeline initialCode={code} timezone={device.timezone} />
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
