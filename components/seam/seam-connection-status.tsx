import Link from 'next/link'
import { Alert } from '@/components/ui/alert'
import { Badge, type BadgeTone } from '@/components/ui/badge'
import type { SeamConnectionObject } from '@/lib/schemas/seam-connection'
import { seamTroubleWords } from '@/lib/shared/seam-connection-words'

const looks: Record<SeamConnectionObject['status'], { label: string; tone: BadgeTone }> = {
  connected: { label: 'Connected', tone: 'success' },
  unreachable: { label: 'Seam unreachable', tone: 'danger' },
  unauthorized: { label: 'Key refused', tone: 'danger' },
  rate_limited: { label: 'Rate limited', tone: 'warning' },
}

export function SeamStatusBadge({ status }: { status: SeamConnectionObject['status'] }) {
  const look = looks[status]
  return <Badge tone={look.tone}>{look.label}</Badge>
}

const when = (iso: string | null): string => (iso === null ? 'Not yet' : new Date(iso).toLocaleString())

/** What the connection is: which Seam workspace, its state (with what to do when it is in trouble), its locks. */
export function SeamConnectionStatus({
  connection,
  workspaceId,
}: {
  connection: SeamConnectionObject
  workspaceId: string
}) {
  const trouble = connection.status === 'connected' ? undefined : seamTroubleWords(connection.status)
  return (
    <div className="space-y-4">
      {trouble !== undefined && (
        <Alert tone={connection.status === 'rate_limited' ? 'warning' : 'danger'} title={trouble.title}>
          <p>{trouble.message}</p>
          <p className="mt-2">
            <span className="font-semibold">What to do: </span>
            {trouble.remedy}
          </p>
          {connection.last_error !== null && (
            <p className="mt-2 text-xs">
              Seam’s last answer: <span className="font-mono">{connection.last_error}</span>
            </p>
          )}
        </Alert>
      )}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-4 sm:grid-cols-2">
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Status</dt>
          <dd className="mt-1">
            <SeamStatusBadge status={connection.status} />
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Seam workspace</dt>
          <dd className="mt-1 text-sm break-words text-slate-900">
            {connection.seam_workspace_name ?? 'Unnamed'}
            {connection.seam_workspace_id !== null && (
              <span className="block font-mono text-xs text-slate-500">{connection.seam_workspace_id}</span>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Endpoint</dt>
          <dd className="mt-1 font-mono text-sm break-all text-slate-900">{connection.endpoint}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">API key</dt>
          <dd className="mt-1 font-mono text-sm text-slate-900">
            <span aria-label={`ending in ${connection.api_key_last4}`}>seam_…{connection.api_key_last4}</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Webhooks</dt>
          <dd className="mt-1 text-sm text-slate-900">
            {connection.webhook_secret_set ? 'Accepted (signed with the stored secret)' : 'Not set up: polling only'}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Last sync</dt>
          <dd className="mt-1 text-sm text-slate-900">
            {connection.last_synced_at === null ? (
              'Not yet'
            ) : (
              <time dateTime={connection.last_synced_at}>{when(connection.last_synced_at)}</time>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Locks imported</dt>
          <dd className="mt-1 text-sm text-slate-900">
            {connection.locks_imported}{' '}
            {connection.locks_imported > 0 && (
              <Link href={`/w/${workspaceId}`} className="font-medium text-brand-700 hover:underline">
                See them on the Locks page
              </Link>
            )}
          </dd>
        </div>
      </dl>
    </div>
  )
}
