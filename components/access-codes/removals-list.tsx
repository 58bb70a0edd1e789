import Link from 'next/link'
import type { Ref } from 'react'
import { AccessCodeStatusBadge } from '@/components/access-codes/access-code-status-badge'
import { IssueCounts } from '@/components/access-codes/issue-counts'
import { PinCell } from '@/components/access-codes/pin-cell'
import type { AccessCode } from '@/lib/schemas/access-code'
import { codeDisplayName } from '@/lib/shared/code-name'

/**
 * Deleted codes the lock has not let go of yet: their old PINs may still open the door. Each links to its page, which
 * says why the lock still holds it.
 */
export function RemovalsList({
  removals,
  workspaceId,
  headingRef,
}: {
  removals: AccessCode[]
  workspaceId: string
  headingRef: Ref<HTMLHeadingElement>
}) {
  return (
    <section aria-labelledby="removals-heading" className="rounded-lg border border-amber-300 bg-amber-50/60 shadow-sm">
      <div className="border-b border-amber-200 px-4 py-3 sm:px-5">
        <h2 id="removals-heading" ref={headingRef} tabIndex={-1} className="text-base font-semibold text-amber-950">
          Being removed from the lock ({removals.length})
        </h2>
        <p className="mt-0.5 text-sm text-amber-950">
          Until the lock confirms the removal, these old PINs may still open the door.
        </p>
      </div>
      <ul className="divide-y divide-amber-200">
        {removals.map((code) => {
          const name = codeDisplayName(code)
          return (
            <li key={code.access_code_id} className="flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5 sm:px-5">
              <Link
                href={`/w/${workspaceId}/access-codes/${code.access_code_id}`}
                className="min-w-0 flex-1 basis-40 font-medium break-words text-brand-700 hover:underline"
              >
                {name}
              </Link>
              <PinCell pin={code.code} codeName={name} owner={{ access_code_id: code.access_code_id }} />
              <AccessCodeStatusBadge code={code} />
              {code.errors.length + code.warnings.length > 0 && (
                <IssueCounts errors={code.errors} warnings={code.warnings} />
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
