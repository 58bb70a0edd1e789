import type { Metadata } from 'next'
import { headers } from 'next/headers'
import { ApiKeysPanel, CopyButton, NotAdminNotice } from '@/components/settings/api-keys-panel'
import { Card, CardBody, CardHeader } from '@/components/ui/card'
import { workspacePage } from '@/lib/server/service-context'

export const metadata: Metadata = { title: 'API keys' }

/** The origin the browser reached us on, for the SDK example (behind a proxy, its forwarded host and scheme). */
async function requestOrigin(): Promise<string> {
  const h = await headers()
  const host = h.get('x-forwarded-host')?.split(',')[0]?.trim() || h.get('host') || 'localhost:3000'
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim() || 'http'
  return `${proto}://${host}`
}

export default async function ApiKeysPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params
  const { workspace } = await workspacePage(workspaceId)
  const endpoint = `${await requestOrigin()}/api`
  const example = [
    `import { Seam } from 'seam'`,
    ``,
    `const seam = new Seam({`,
    `  endpoint: '${endpoint}',`,
    `  apiKey: process.env.LATCHKEY_API_KEY,`,
    `})`,
    ``,
    `const devices = await seam.devices.list()`,
    `await seam.accessCodes.create({`,
    `  device_id: devices[0].device_id,`,
    `  name: 'Cleaner',`,
    `  code: '4821',`,
    `})`,
  ].join('\n')

  return (
    <div className="max-w-4xl space-y-6">
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

      <Card>
        <CardHeader
          title="Use a key with the Seam SDK"
          description={
            <>
              Install Seam’s official JavaScript SDK (<code className="font-mono text-xs">npm install seam</code>) and
              point it at Latchkey instead of Seam.
            </>
          }
        />
        <CardBody className="space-y-3">
          <div className="relative">
            <pre className="overflow-x-auto rounded-md bg-slate-900 p-4 pr-4 text-[13px] leading-relaxed text-slate-100 sm:pr-28">
              <code>{example}</code>
            </pre>
            <div className="mt-2 flex flex-wrap items-center gap-2 sm:absolute sm:top-2 sm:right-2 sm:mt-0">
              <CopyButton text={example} label="Copy" variant="secondary" />
            </div>
          </div>
          <p className="text-sm text-slate-600">
            Other clients work the same way: send the key as{' '}
            <code className="font-mono text-xs">Authorization: Bearer seam_…</code> to{' '}
            <code className="font-mono text-xs break-all">{endpoint}</code>.
          </p>
        </CardBody>
      </Card>
    </div>
  )
}
