import type { Metadata } from 'next'
import { CodeBreadcrumb } from '@/components/access-codes/code-breadcrumb'
import { EditAccessCodeForm } from '@/components/access-codes/edit-access-code-form'
import { Card } from '@/components/ui/card'
import { loadEditCodePage } from '@/lib/dashboard/code-form-pages'
import { loadPage, type RouteProps } from '@/lib/server/service-context'

export const metadata: Metadata = { title: 'Edit access code' }

export default async function EditAccessCodePage({
  params,
}: RouteProps<{ workspaceId: string; accessCodeId: string }>) {
  const { workspaceId, accessCodeId } = await params
  const { lock, formLock, name, defaultValues } = await loadPage(workspaceId, loadEditCodePage, accessCodeId)
  const codeHref = `/w/${workspaceId}/access-codes/${accessCodeId}`
  const crumbs = [...lock.trail, { label: lock.displayName, href: lock.href }, { label: name, href: codeHref }]
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <CodeBreadcrumb crumbs={[...crumbs, { label: 'Edit' }]} />
      <header>
        <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">Edit “{name}”</h1>
        <p className="mt-1 text-sm text-slate-600">
          On {lock.displayName} · {lock.propertyName} · times in {lock.timezoneLabel}
        </p>
      </header>
      <Card>
        <EditAccessCodeForm
          accessCodeId={accessCodeId}
          deviceId={lock.deviceId}
          device={formLock}
          defaultValues={defaultValues}
        />
      </Card>
    </div>
  )
}
