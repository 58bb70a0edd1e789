import type { Metadata } from 'next'
import { CodeBreadcrumb } from '@/components/access-codes/code-breadcrumb'
import { EditAccessCodeForm } from '@/components/access-codes/edit-access-code-form'
import { Card } from '@/components/ui/card'
import { loadAccessCode } from '@/lib/access-codes/access-code-store'
import { getAccessCode } from '@/lib/access-codes/list-access-codes'
import { fromBool } from '@/lib/db/values'
import { loadDevice } from '@/lib/devices/device-record'
import { accessCodeFormRulesOf, accessCodeFormValuesFrom } from '@/lib/schemas/access-code-form'
import { orNotFound, workspacePage } from '@/lib/server/service-context'
import { zoneLabel } from '@/lib/time/zoned'

export const metadata: Metadata = { title: 'Edit access code' }

export default async function EditAccessCodePage({
  params,
}: {
  params: Promise<{ workspaceId: string; accessCodeId: string }>
}) {
  const { workspaceId, accessCodeId } = await params
  const { ctx } = await workspacePage(workspaceId)
  const code = await orNotFound(getAccessCode(ctx, { access_code_id: accessCodeId }))
  const [device, row] = await Promise.all([
    orNotFound(loadDevice(ctx, code.device_id)),
    orNotFound(loadAccessCode(ctx, accessCodeId)),
  ])
  const usesBackupPool = fromBool(row.use_backup_access_code_pool)
  const name = code.name === null || code.name.trim() === '' ? 'Unnamed code' : code.name
  const codeHref = `/w/${workspaceId}/access-codes/${accessCodeId}`
  const now = ctx.clock.now()
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <CodeBreadcrumb
        crumbs={[
          { label: 'Locks', href: `/w/${workspaceId}` },
          { label: device.propertyName },
          { label: device.displayName, href: `/w/${workspaceId}/devices/${device.deviceId}` },
          { label: name, href: codeHref },
          { label: 'Edit' },
        ]}
      />
      <header>
        <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">Edit “{name}”</h1>
        <p className="mt-1 text-sm text-slate-600">
          On {device.displayName} · {device.propertyName} · times in {zoneLabel(device.timezone, now)}
        </p>
      </header>
      <Card>
        <EditAccessCodeForm
          accessCodeId={accessCodeId}
          deviceId={device.deviceId}
          device={{ ...accessCodeFormRulesOf(device), timezoneLabel: zoneLabel(device.timezone, now) }}
          defaultValues={accessCodeFormValuesFrom(code, device.timezone, usesBackupPool)}
        />
      </Card>
    </div>
  )
}
