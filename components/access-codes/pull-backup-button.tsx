'use client'

import Link from 'next/link'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import { usePullBackupAccessCode } from '@/lib/client/use-pull-backup-access-code'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'

/**
 * Hands out a spare PIN from the lock's backup pool for a code that is not working. Asking twice gives the same
 * backup, so the button stays safe to press again.
 */
export function PullBackupButton({
  code,
  codeName,
}: {
  code: Pick<AccessCode, 'access_code_id' | 'device_id'>
  codeName: string
}) {
  const workspaceId = useWorkspaceId()
  const pull = usePullBackupAccessCode(code)
  const backup = pull.data
  return (
    <div className="space-y-3">
      <Button variant="secondary" onClick={() => pull.mutate()} disabled={pull.isPending}>
        {pull.isPending && <Spinner />}
        Pull backup code
      </Button>
      <div role="status" aria-live="polite">
        {backup !== undefined && (
          <div className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3">
            <p className="text-sm text-emerald-900">Backup PIN for {codeName}:</p>
            <p className="mt-1 font-mono text-3xl font-semibold tracking-[0.25em] text-slate-900 tabular-nums">
              {backup.code ?? '—'}
            </p>
            <p className="mt-1 text-xs text-emerald-900">
              Already on the lock, for the same dates.{' '}
              <Link
                href={`/w/${workspaceId}/access-codes/${backup.access_code_id}`}
                className="font-medium underline hover:no-underline"
              >
                Open the backup code
              </Link>
            </p>
          </div>
        )}
      </div>
      {pull.isError && (
        <Alert tone="danger" title="No backup code was pulled">
          {pull.error.message}
        </Alert>
      )}
    </div>
  )
}
