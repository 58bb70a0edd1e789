'use client'

import Link from 'next/link'
import { ExplanationView } from '@/components/access-codes/why-panel'
import { Badge } from '@/components/ui/badge'
import { isCodeGone, useAccessCodeExplanation } from '@/lib/client/use-access-code-explanation'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { Explanation } from '@/lib/schemas/explanation'

/**
 * Whether the lock has let go of the deleted code yet. There is no live code to follow (the API no longer shows it):
 * the explanation is followed instead, and once the lock has removed the code the explanation is gone too (404), and
 * is not asked for again.
 */
function useRemoval(accessCodeId: string, initialExplanation: Explanation) {
  const { data: explanation = initialExplanation, error } = useAccessCodeExplanation(accessCodeId, initialExplanation)
  return { explanation, removed: isCodeGone(error) }
}

/** The page's notice: deleted and still being removed (its PIN may still open the door), then off the lock. */
export function RemovingCodeNotice({
  accessCodeId,
  initialExplanation,
  deletedAt,
  lockName,
}: {
  accessCodeId: string
  initialExplanation: Explanation
  /** When it was deleted, in words, in the property's time zone. */
  deletedAt: string
  lockName: string
}) {
  const { removed } = useRemoval(accessCodeId, initialExplanation)
  if (removed)
    return (
      <div
        role="status"
        className="border-t border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-950 sm:px-5"
      >
        <h2 className="font-semibold">Deleted, and now off the lock</h2>
        <p className="mt-1 max-w-3xl">
          Deleted on {deletedAt}. {lockName} has confirmed the removal: its PIN no longer opens the door.
        </p>
      </div>
    )
  return (
    <div role="status" className="border-t border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950 sm:px-5">
      <h2 className="font-semibold">Deleted, and still being removed from the lock</h2>
      <p className="mt-1 max-w-3xl">
        Deleted on {deletedAt}. Latchkey is taking it off {lockName}:{' '}
        <strong>until the lock confirms, its PIN may still open the door.</strong> It no longer appears among the
        lock&apos;s codes or in the API; the lock&apos;s page lists it under &ldquo;Being removed from the lock&rdquo;.
      </p>
    </div>
  )
}

/**
 * "Does it open the door?" for a deleted code still being taken off its lock, live; once the lock has let go of it,
 * the answer is no, and the code's history is on the Activity page.
 */
export function RemovingCodePanel({
  accessCodeId,
  initialExplanation,
  timezoneLabel,
}: {
  accessCodeId: string
  initialExplanation: Explanation
  timezoneLabel: string
}) {
  const workspaceId = useWorkspaceId()
  const { explanation, removed } = useRemoval(accessCodeId, initialExplanation)
  if (!removed) return <ExplanationView explanation={explanation} timezoneLabel={timezoneLabel} />
  return (
    <section aria-labelledby="why-heading" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="border-b border-slate-200 px-4 py-3 sm:px-5">
        <h2 id="why-heading" className="text-base font-semibold text-slate-900">
          Does it open the door?
        </h2>
      </div>
      <div className="px-4 py-4 sm:px-5">
        <div aria-live="polite" className="rounded-md border border-slate-300 bg-slate-50 px-4 py-3 text-slate-900">
          <Badge tone="neutral">No longer</Badge>
          <p className="mt-2 text-base font-semibold">
            No: the lock has let go of this code, and its PIN no longer opens {explanation.device_name}.
          </p>
          <p className="mt-1 text-sm">
            <Link
              href={`/w/${workspaceId}/activity?access_code_id=${encodeURIComponent(accessCodeId)}`}
              className="font-medium text-brand-700 hover:underline"
            >
              Its history is on the Activity page
            </Link>
            .
          </p>
        </div>
      </div>
    </section>
  )
}
