'use client'

import { useParams } from 'next/navigation'
import { ButtonLink } from '@/components/ui/button'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/**
 * The code page's "not found": most often a code that was deleted and is now off its lock (a deleted code still on
 * its lock has a page of its own). Its history stays on the Activity page.
 */
export function CodeNotFound() {
  const workspaceId = useWorkspaceId()
  const { accessCodeId } = useParams<{ accessCodeId?: string }>()
  const history =
    accessCodeId === undefined
      ? `/w/${workspaceId}/activity`
      : `/w/${workspaceId}/activity?access_code_id=${encodeURIComponent(accessCodeId)}`
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-col items-center gap-2 px-6 py-12 text-center">
        <h1 className="text-xl font-semibold text-slate-900">This access code is not here</h1>
        <p className="max-w-md text-sm text-slate-600">
          It was deleted and its lock has removed it, so its PIN no longer opens the door; or the link is wrong, or the
          code belongs to another workspace. What happened to a deleted code stays on the Activity page.
        </p>
        <div className="mt-2 flex flex-wrap justify-center gap-2">
          <ButtonLink href={history} variant="secondary">
            See its activity
          </ButtonLink>
          <ButtonLink href={`/w/${workspaceId}`}>Back to your locks</ButtonLink>
        </div>
      </div>
    </div>
  )
}
