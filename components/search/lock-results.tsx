import Link from 'next/link'
import { Badge } from '@/components/ui/badge'
import { brandAndModel } from '@/lib/shared/brand-and-model'
import type { SearchLock } from '@/lib/shared/search-lock'

/** Locks whose name a search matches, each a way into its codes; past the first few, the Locks page has the rest. */
export function LockResults({
  locks,
  lockCount,
  search,
  workspaceId,
}: {
  locks: SearchLock[]
  lockCount: number
  search: string
  workspaceId: string
}) {
  const headingId = 'locks-found'
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="text-lg font-semibold text-slate-900">
        Locks <span className="text-slate-500">({lockCount})</span>
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {locks.map((lock) => (
          <li
            key={lock.deviceId}
            className="flex items-start justify-between gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm"
          >
            <div className="min-w-0">
              <Link
                href={`/w/${workspaceId}/devices/${lock.deviceId}`}
                className="font-medium break-words text-brand-700 hover:text-brand-800 hover:underline"
              >
                {lock.name}
              </Link>
              <p className="text-sm text-slate-600">
                {lock.propertyName}
                <span aria-hidden="true"> · </span>
                <span className="sr-only">, </span>
                {brandAndModel(lock)}
              </p>
            </div>
            <ReachBadge lock={lock} />
          </li>
        ))}
      </ul>
      {lockCount > locks.length && (
        <p className="text-sm text-slate-600">
          Showing {locks.length} of {lockCount}.{' '}
          <Link
            href={`/w/${workspaceId}?lock=${encodeURIComponent(search)}`}
            className="font-medium text-brand-700 hover:text-brand-800 hover:underline"
          >
            See them all on the Locks page
          </Link>
        </p>
      )}
    </section>
  )
}

function ReachBadge({ lock }: { lock: SearchLock }) {
  if (!lock.accountConnected)
    return (
      <Badge tone="danger" className="shrink-0">
        Account disconnected
      </Badge>
    )
  return (
    <Badge tone={lock.online ? 'success' : 'danger'} className="shrink-0">
      {lock.online ? 'Online' : 'Offline'}
    </Badge>
  )
}
