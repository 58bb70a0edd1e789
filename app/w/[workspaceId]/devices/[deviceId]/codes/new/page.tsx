import type { Metadata } from 'next'
import { CodeBreadcrumb } from '@/components/access-codes/code-breadcrumb'
import { CreateAccessCodeForm } from '@/components/access-codes/create-access-code-form'
import { Card } from '@/components/ui/card'
import { loadNewCodePage } from '@/lib/dashboard/code-form-pages'
import { loadPage, type RouteProps } from '@/lib/server/service-context'

export const metadata: Metadata = { title: 'New access code' }

export default async function NewAccessCodePage({ params }: RouteProps<{ workspaceId: string; deviceId: string }>) {
  const { workspaceId, deviceId } = await params
  const { lock, formLock } = await loadPage(workspaceId, loadNewCodePage, deviceId)
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <CodeBreadcrumb
        crumbs={[...lock.trail, { label: lock.displayName, href: lock.href }, { label: 'New access code' }]}
      />
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">New access code on {lock.displayName}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {lock.propertyName} · times in {lock.timezoneLabel}
        </p>
      </header>
      <Card>
        <CreateAccessCodeForm deviceId={deviceId} device={formLock} />
      </Card>
    </div>
  )
}
