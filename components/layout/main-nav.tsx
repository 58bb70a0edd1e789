'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { cx } from '@/components/ui/cx'

export function MainNav({ workspaceId }: { workspaceId: string }) {
  const pathname = usePathname()
  const base = `/w/${workspaceId}`
  const links = [
    {
      href: base,
      label: 'Locks',
      active:
        pathname === base || pathname.startsWith(`${base}/devices`) || pathname.startsWith(`${base}/access-codes`),
    },
    { href: `${base}/settings/api-keys`, label: 'API keys', active: pathname.startsWith(`${base}/settings`) },
  ]
  return (
    <nav aria-label="Main">
      <ul className="flex items-center gap-1">
        {links.map((link) => (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={link.active ? 'page' : undefined}
              className={cx(
                'rounded-md px-3 py-1.5 text-sm font-medium',
                link.active ? 'bg-brand-50 text-brand-800' : 'text-slate-700 hover:bg-slate-100',
              )}
            >
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
