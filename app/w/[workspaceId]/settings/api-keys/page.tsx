import type { Metadata } from 'next'
import { SettingsTabs } from '@/components/seam/settings-tabs'
import { NotAdminNotice } from '@/components/settings/admin-only'
import { ApiKeysPanel } from '@/components/settings/api-keys-panel'
import { SeamSdkSnippet } from '@/components/settings/seam-sdk-snippet'
import { requestOrigin } from '@/lib/server/request-origin'
import { workspacePage } from '@/lib/server/service-context'

export const metadata: Metadata = { title: 'API keys' }

export default async function ApiKeysPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params
  const { workspace } = await workspacePage(workspaceId)
  const endpoint = `${await requestOrigin()}/api`

  return (
    <div className="max-w-4xl space-y-6">
      <SettingsTabs workspaceId={workspaceId} current="api-keys" />
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">API keys</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Keys let your own software (a channel manager, a property management system, a script) manage the locks and
          codes of <span className="font-medium text-slate-800">{workspace.name}</span> through Latchkey’s
          Seam-compatible API. Anyone holding a key can do so, so give each its own key and revoke the ones you no
          longer use.
        </p>
      </header>

      {workspace.role === 'admin' ? <ApiKeysPanel /> : <NotAdminNotice />}

      <SeamSdkSnippet endpoint={endpoint} />
    </div>
  )
}
