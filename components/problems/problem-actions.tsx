'use client'

import Link from 'next/link'
import { useId, useState } from 'react'
import { backupGuestMessage } from '@/components/problems/guest-message'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { CopyButton } from '@/components/ui/copy-button'
import { Spinner } from '@/components/ui/spinner'
import { isCallAction, useProblemAction, type CallAction } from '@/lib/client/use-problem-action'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { Problem, ProblemAction } from '@/lib/schemas/problem'

const sameAction = (a: CallAction | undefined, b: CallAction): boolean =>
  a !== undefined && a.action === b.action && a.access_code_id === b.access_code_id

/** What a fix did, said once the API has taken it (the queue then shows the rest as the lock side gets there). */
const doneWords: Record<Exclude<CallAction['action'], 'pull_backup_access_code'>, string> = {
  retry_access_code: 'Asked again: the lock side is trying this code now.',
  delete_unmanaged_access_code: 'Deleting it from the lock. The problem clears once the lock confirms.',
  convert_to_managed: 'It is a Latchkey code now.',
}

/**
 * A problem's fixes: each a click away with what it will do in words. Deleting a code from a lock asks first; the
 * others are safe to press (pulling a backup twice gives the same backup). Links open the code or the lock.
 */
export function ProblemActions({ problem, onActed }: { problem: Problem; onActed(): void }) {
  const workspaceId = useWorkspaceId()
  const run = useProblemAction()
  const [confirming, setConfirming] = useState<CallAction | undefined>(undefined)
  const [done, setDone] = useState<{ action: CallAction; backup: AccessCode | undefined } | undefined>(undefined)
  const calls = problem.actions.filter(isCallAction)
  const reconnect = problem.actions.find((a) => a.action === 'reconnect_account')
  const links = problem.actions.filter(
    (a): a is Extract<ProblemAction, { action: 'open_code' | 'open_device' | 'open_stay' }> =>
      a.action === 'open_code' || a.action === 'open_device' || a.action === 'open_stay',
  )

  const start = (action: CallAction): void => {
    setDone(undefined)
    run.mutate(action, {
      onSuccess: (backup) => {
        setDone({ action, backup })
        setConfirming(undefined)
        onActed()
      },
      onError: () => setConfirming(undefined),
    })
  }

  return (
    <div className="space-y-3">
      {calls.length > 0 && (
        <ul className="space-y-2">
          {calls.map((action) => (
            <li
              key={`${action.action}-${action.access_code_id}`}
              className="flex flex-wrap items-center gap-x-3 gap-y-1"
            >
              <Button
                size="sm"
                variant={action.action === 'delete_unmanaged_access_code' ? 'secondary' : 'primary'}
                disabled={run.isPending}
                onClick={() =>
                  action.action === 'delete_unmanaged_access_code' ? setConfirming(action) : start(action)
                }
              >
                {run.isPending && sameAction(run.variables, action) && <Spinner />}
                {action.label}
              </Button>
              <span className="min-w-0 flex-1 basis-60 text-xs text-slate-600">{action.description}</span>
            </li>
          ))}
        </ul>
      )}

      {reconnect !== undefined && (
        <details className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
          <summary className="cursor-pointer font-medium text-slate-800">{reconnect.label}</summary>
          <p className="mt-2 text-slate-700">{reconnect.instructions}</p>
        </details>
      )}

      <div role="status" aria-live="polite">
        {done?.backup !== undefined ? (
          <BackupCode backup={done.backup} problem={problem} />
        ) : done !== undefined && done.action.action !== 'pull_backup_access_code' ? (
          <p className="text-sm text-emerald-800">{doneWords[done.action.action]}</p>
        ) : null}
      </div>
      {run.isError && (
        <Alert tone="danger" title="That did not work">
          {run.error.message}
        </Alert>
      )}

      {links.length > 0 && (
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {links.map((link) => (
            <Link
              key={link.action}
              href={
                link.action === 'open_code'
                  ? `/w/${workspaceId}/access-codes/${link.access_code_id}`
                  : link.action === 'open_stay'
                    ? `/w/${workspaceId}/stays/${link.stay_id}`
                    : `/w/${workspaceId}/devices/${link.device_id}`
              }
              className="font-medium text-brand-700 hover:underline"
            >
              {link.label}
              <span className="sr-only">
                {link.action === 'open_device' ? ` ${problem.device_name}` : ` ${problem.access_code_name ?? ''}`}
              </span>
            </Link>
          ))}
        </p>
      )}

      <ConfirmDialog
        open={confirming !== undefined}
        title={confirming?.label ?? ''}
        confirmLabel="Delete from the lock"
        busy={run.isPending}
        onConfirm={() => confirming !== undefined && start(confirming)}
        onCancel={() => setConfirming(undefined)}
      >
        {confirming?.description}
      </ConfirmDialog>
    </div>
  )
}

/** A pulled backup's PIN, and a message for the guest with it, ready to copy. */
function BackupCode({ backup, problem }: { backup: AccessCode; problem: Problem }) {
  const messageId = useId()
  const message = backupGuestMessage(backup, {
    lockName: problem.device_name,
    propertyName: problem.property_name,
    timezone: problem.property_timezone,
  })
  return (
    <div className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3">
      <p className="text-sm text-emerald-900">Backup PIN for {problem.access_code_name ?? 'this stay'}:</p>
      <p className="mt-1 font-mono text-3xl font-semibold tracking-[0.25em] text-slate-900 tabular-nums">
        {backup.code ?? '—'}
      </p>
      <p className="mt-1 text-xs text-emerald-900">Already on the lock, for the same dates.</p>
      <p className="mt-3 text-sm font-medium text-slate-800">Message for the guest</p>
      <p id={messageId} className="mt-1 rounded-md border border-emerald-200 bg-white px-3 py-2 text-sm text-slate-800">
        {message}
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <CopyButton text={message} label="Copy message" targetId={messageId} />
        <CopyButton text={backup.code ?? ''} label="Copy PIN" variant="secondary" />
      </div>
    </div>
  )
}
