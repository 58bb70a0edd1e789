import type { Metadata } from 'next'
import { SeamConnectionPanel } from '@/components/seam/seam-connection-panel'
import { SettingsTabs } from '@/components/seam/settings-tabs'
import { requestOrigin } from '@/lib/server/request-origin'
import { workspacePage } from '@/lib/server/service-context'

export const metadata: Metadata = { title: 'Seam workspace' }

export default async function SeamSettingsPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params
  const { workspace } = await workspacePage(workspaceId)
  return (
    <div className="max-w-4xl space-y-6">
      <SettingsTabs workspaceId={workspaceId} current="seam" />
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Seam workspace</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Manage the real locks of a Seam workspace from{' '}
          <span className="font-medium text-slate-800">{workspace.name}</span>: they appear next to the sandbox locks,
          and their codes go to Seam, with stays, bulk codes and the problems queue working on them as on any lock.
        </p>
      </header>
      <SeamConnectionPanel isAdmin={workspace.role === 'admin'} webhookUrl={`${await requestOrigin()}/webhooks/seam`} />
    </div>
  )
}
