'use client'

import type { StayChange } from '@/components/stays/use-stay-change'
import { StayPlanPreview } from '@/components/stays/stay-plan-preview'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import { applyLabel, canApply, type StayChange as ChangeKind } from '@/lib/client/stays-model'

/** The preview of a change with its buttons: apply it as shown, or go back and change it again. */
export function ChangePreview<Body>({
  change,
  kind,
  stayTimezone,
  now,
  onApply,
}: {
  change: StayChange<Body>
  kind: ChangeKind
  stayTimezone: string
  now: string
  onApply(): void
}) {
  const { preview, failure, busy } = change
  return (
    <>
      {failure !== undefined && (
        <Alert tone="danger" title="That did not work">
          {failure}
        </Alert>
      )}
      {preview !== undefined && (
        <section aria-label="Preview" className="rounded-lg border border-brand-100 bg-brand-50/40 p-3 sm:p-4">
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Preview: nothing has changed yet</h3>
          <StayPlanPreview
            plan={preview.plan}
            stayTimezone={stayTimezone}
            now={now}
            caption="What each door will get"
            actions={
              <>
                {canApply(preview.plan) && (
                  <Button onClick={onApply} disabled={busy !== undefined}>
                    {busy === 'apply' && <Spinner />}
                    {applyLabel(kind, preview.plan)}
                  </Button>
                )}
                <Button variant="secondary" onClick={change.reset} disabled={busy !== undefined}>
                  {canApply(preview.plan) ? 'Back' : 'Change it'}
                </Button>
              </>
            }
          />
        </section>
      )}
    </>
  )
}
