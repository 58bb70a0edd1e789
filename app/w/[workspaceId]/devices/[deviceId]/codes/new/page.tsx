import type { Metadata } from 'next'
import { CodeBreadcrumb } from '@/components/access-codes/code-breadcrumb'
import { CreateAccessCodeForm } from '@/components/access-codes/create-access-code-form'
import { Card } from '@/components/ui/card'
import { loadDevice } from '@/lib/devices/device-record'
import { accessCodeFormRulesOf } from '@/lib/schemas/access-code-form'
import { orNotFound, workspacePage } from '@/lib/server/service-context'
import { zoneLabel } from '@/lib/time/zoned'

export const metadata: Metadata = { title: 'New access code' }

export default async function NewAccessCodePage({
  params,
}: {
  params: Promise<{ workspaceId: string; deviceId: string }>
}) {
  const { workspaceId, deviceId } = await params
  const { ctx } = await workspacePage(workspaceId)
  const device = await orNotFound(loadDevice(ctx, deviceId))
  const lockHref = `/w/${workspaceId}/devices/${deviceId}`
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <CodeBreadcrumb
        crumbs={[
          { label: 'Locks', href: `/w/${workspaceId}` },
          { label: device.propertyName },
          { label: device.displayName, href: lockHref },
          { label: 'New access code' },
        ]}
      />
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
          New access code on {device.displayName}
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {device.propertyName} · times in {zoneLabel(device.timezone, ctx.clock.now())}
        </p>
      </header>
      <Card>
        <CreateAccessCodeForm
          deviceId={deviceId}
          device={{ ...accessCodeFormRulesOf(device), timezoneLabel: zoneLabel(device.timezone, ctx.clock.now()) }}
        />
      </Card>
    </div>
  )
}
