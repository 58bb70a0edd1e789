'use client'

import Link from 'next/link'
import { useSeamConnection } from '@/lib/client/use-seam-connection'
import { seamTroubleWords } from '@/lib/shared/seam-connection-words'

/**
 * On a Seam lock's page: when the workspace's Seam connection is in trouble (unreachable, rate limited, key refused),
 * what that means for this lock and where to fix it. Nothing while all is well.
 */
export function SeamConnectionNote({ workspaceId }: { workspaceId: string }) {
  const connection = useSeamConnection()
  const current = connection.data
  if (current === undefined) return null
  if (current === null)
    return (
      <p className="border-t border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-950 sm:px-5">
        This Seam lock’s workspace is no longer connected to Seam: nothing can be programmed until it is.{' '}
        <Link href={`/w/${workspaceId}/settings/seam`} className="font-medium underline">
          Seam workspace settings
        </Link>
      </p>
    )
  if (current.status === 'connected') return null
  const words = seamTroubleWords(current.status)
  return (
    <p role="status" className="border-t border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-950 sm:px-5">
      <span className="font-semibold">{words.title}.</span> {words.message}{' '}
      <Link href={`/w/${workspaceId}/settings/seam`} className="font-medium underline">
        Seam workspace settings
      </Link>
    </p>
  )
}
