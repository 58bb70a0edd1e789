'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { cx } from '@/components/ui/cx'
import { useProblemCounts } from '@/lib/client/use-problems'

export function MainNav({ workspaceId }: { workspaceId: string }) {
  const pathname = usePathname()
  const problems = useProblemCounts()
  const base = `/w/${workspaceId}`
  const links = [
    // First: support starts from what is wrong.
    {
      href: `${base}/problems`,
      label: 'Problems',
      active: pathname.startsWith(`${base}/problems`),
      count: problems.data,
    },
    {
      href: base,
      label: 'Locks',
      active:
        pathname === base || pathname.startsWith(`${base}/devices`) || pathname.startsWith(`${base}/access-codes`),
    },
    { href: `${base}/bulk`, label: 'Bulk codes', active: pathname.startsWith(`${base}/bulk`) },
    { href: `${base}/stays`, label: 'Stays', active: pathname.startsWith(`${base}/stays`) },
    { href: `${base}/activity`, label: 'Activity', active: pathname.startsWith(`${base}/activity`) },
    { href: `${base}/settings/api-keys`, label: 'Settings', active: pathname.startsWith(`${base}/settings`) },
  ]
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap items-center gap-1">
        {links.map((link) => (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={link.active ? 'page' : undefined}
              className={cx(
                'inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap',
                link.active ? 'bg-brand-50 text-brand-800' : 'text-slate-700 hover:bg-slate-100',
              )}
            >
              {link.label}
              {link.count !== undefined && link.count.total > 0 && (
                <>
                  <span
                    aria-hidden="true"
                    className={cx(
                      'min-w-5 rounded-full px-1.5 text-center text-xs font-semibold tabular-nums',
                      link.count.critical > 0 ? 'bg-red-600 text-white' : 'bg-amber-100 text-amber-900',
                    )}
                  >
                    {link.count.total}
                  </span>
                  <span className="sr-only">
                    {` (${link.count.total}${link.count.critical > 0 ? `, ${link.count.critical} critical` : ''})`}
                  </span>
                </>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
