'use client'

import { useRef, useState } from 'react'
import { CodeSchedule } from '@/components/access-codes/code-schedule'
import { PinCell } from '@/components/access-codes/pin-cell'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { Spinner } from '@/components/ui/spinner'
import { useProblemAction, type CallAction } from '@/lib/client/use-problem-action'
import { useUnmanagedAccessCodes } from '@/lib/client/use-unmanaged-access-codes'
import type { UnmanagedAccessCode } from '@/lib/schemas/access-code'
import { codeDisplayName } from '@/lib/shared/code-name'
import { formatWithZone } from '@/lib/time/zoned'

/** The unmanaged codes' fixes: the problems queue's own, run through the same hook. */
type UnmanagedFix = Extract<CallAction, { action: 'convert_to_managed' | 'delete_unmanaged_access_code' }>

/** How many codes show before "Show all": a keypad filled in the maker's app can hold a few hundred. */
const FIRST_SHOWN = 10

/**
 * A lock's codes found on its keypad that Latchkey does not manage (set at the keypad or in the maker's app): their
 * PINs open the door and take slots. Each can be made a Latchkey code or deleted from the lock, as the problems queue
 * offers. Shown only when the lock has any (and, after the last is dealt with, what became of it).
 */
export function UnmanagedCodes({
  deviceId,
  lockName,
  timezone,
  renderedAt,
}: {
  deviceId: string
  lockName: string
  timezone: string
  /** When the server rendered the page: the schedules' "now", so server and browser agree. */
  renderedAt: string
}) {
  const { data } = useUnmanagedAccessCodes(deviceId)
  const run = useProblemAction()
  const [showAll, setShowAll] = useState(false)
  const [confirming, setConfirming] = useState<{ fix: UnmanagedFix; name: string } | undefined>(undefined)
  const [done, setDone] = useState<string | undefined>(undefined)
  const doneRef = useRef<HTMLParagraphElement>(null)
  const codes = data?.access_codes ?? []
  const shown = showAll ? codes : codes.slice(0, FIRST_SHOWN)
  const now = Date.parse(renderedAt)

  const start = (fix: UnmanagedFix, name: string): void => {
    setDone(undefined)
    run.mutate(fix, {
      onSuccess: () => {
        setConfirming(undefined)
        setDone(
          fix.action === 'convert_to_managed'
            ? `“${name}” is a Latchkey code now: it is listed among the lock’s access codes. Nothing changed on the lock.`
            : `Deleting “${name}” from ${lockName}. Its PIN opens the door until the lock confirms the removal.`,
        )
        // The row is gone: keep the keyboard where the news is rather than losing it with the row.
        setTimeout(() => doneRef.current?.focus(), 0)
      },
      onError: () => setConfirming(undefined),
    })
  }

  return (
    <div className="space-y-3">
      {codes.length > 0 && (
        <section aria-labelledby="unmanaged-heading" className="rounded-lg border border-slate-200 bg-white shadow-sm">
          <div className="border-b border-slate-200 px-4 py-3 sm:px-5">
            <h2 id="unmanaged-heading" className="text-base font-semibold text-slate-900">
              On the keypad, not managed by Latchkey ({codes.length})
            </h2>
            <p className="mt-0.5 max-w-3xl text-sm text-slate-600">
              Set at the keypad or in the lock maker&apos;s app. Their PINs open the door and take slots, and Latchkey
              neither changes nor removes them. <strong className="font-medium">Manage in Latchkey</strong> makes one a
              Latchkey code, to edit, schedule or delete like the others (nothing changes on the lock);{' '}
              <strong className="font-medium">Delete from the lock</strong> takes it off, and its PIN stops opening the
              door.
            </p>
          </div>
          {run.isError && (
            <div className="border-b border-slate-200 px-4 py-3 sm:px-5">
              <Alert tone="danger" title="That did not work">
                {run.error.message}
              </Alert>
            </div>
          )}
          <ul className="divide-y divide-slate-200">
            {shown.map((code) => (
              <UnmanagedCodeRow
                key={code.access_code_id}
                code={code}
                timezone={timezone}
                now={now}
                busy={run.isPending}
                pending={run.isPending ? run.variables : undefined}
                onFix={(fix, name) =>
                  fix.action === 'delete_unmanaged_access_code' ? setConfirming({ fix, name }) : start(fix, name)
                }
              />
            ))}
          </ul>
          {codes.length > FIRST_SHOWN && (
            <div className="border-t border-slate-200 px-4 py-3 sm:px-5">
              <Button variant="secondary" size="sm" onClick={() => setShowAll((all) => !all)}>
                {showAll ? `Show the first ${FIRST_SHOWN}` : `Show all ${codes.length}`}
              </Button>
            </div>
          )}
        </section>
      )}

      <div role="status" aria-live="polite">
        {done !== undefined && (
          <p
            ref={doneRef}
            tabIndex={-1}
            className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900"
          >
            {done}
          </p>
        )}
      </div>

      <ConfirmDialog
        open={confirming !== undefined}
        title={confirming === undefined ? '' : `Delete “${confirming.name}” from the lock?`}
        confirmLabel="Delete from the lock"
        busy={run.isPending}
        onConfirm={() => confirming !== undefined && start(confirming.fix, confirming.name)}
        onCancel={() => setConfirming(undefined)}
      >
        {confirming?.fix.description} Latchkey did not set it, so it cannot put it back afterwards.
      </ConfirmDialog>
    </div>
  )
}

function UnmanagedCodeRow({
  code,
  timezone,
  now,
  busy,
  pending,
  onFix,
}: {
  code: UnmanagedAccessCode
  timezone: string
  now: number
  busy: boolean
  pending: CallAction | undefined
  /** Deleting asks first; making it a Latchkey code is safe to press. */
  onFix(fix: UnmanagedFix, name: string): void
}) {
  const name = codeDisplayName(code)
  const convert: UnmanagedFix = {
    action: 'convert_to_managed',
    access_code_id: code.access_code_id,
    label: 'Manage in Latchkey',
    description:
      'Makes this code a Latchkey code, to edit, schedule or delete like the others. Nothing changes on the lock.',
  }
  const remove: UnmanagedFix = {
    action: 'delete_unmanaged_access_code',
    access_code_id: code.access_code_id,
    label: 'Delete from the lock',
    description: `Takes “${name}” off the lock: its PIN stops opening the door.`,
  }
  const isPending = (fix: UnmanagedFix): boolean =>
    pending !== undefined && pending.action === fix.action && pending.access_code_id === fix.access_code_id
  return (
    <li className="flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-5">
      <div className="min-w-0 flex-1 basis-52">
        <p className="font-medium break-words text-slate-900">{name}</p>
        <p className="text-xs text-slate-600">
          Found on the keypad <time dateTime={code.created_at}>{formatWithZone(code.created_at, timezone)}</time>
        </p>
      </div>
      {code.type === 'time_bound' && (
        <div className="text-sm">
          <CodeSchedule code={code} timezone={timezone} now={now} />
        </div>
      )}
      <PinCell pin={code.code} codeName={name} owner={{ access_code_id: code.access_code_id }} />
      <div className="flex flex-wrap gap-2">
        {[convert, remove].map((fix) => (
          <Button key={fix.action} size="sm" variant="secondary" disabled={busy} onClick={() => onFix(fix, name)}>
            {isPending(fix) && <Spinner />}
            {fix.action === 'delete_unmanaged_access_code' ? (
              // Both buttons fit side by side on a phone with the shorter word; the dialog then says the rest.
              <>
                <span className="sm:hidden">Delete…</span>
                <span className="hidden sm:inline">{fix.label}</span>
              </>
            ) : (
              fix.label
            )}
            <span className="sr-only"> ({name})</span>
          </Button>
        ))}
      </div>
    </li>
  )
}
