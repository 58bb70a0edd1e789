import Link from 'next/link'
import { cx } from '@/components/ui/cx'

/** The settings pages: API keys and the Seam workspace. */
export function SettingsTabs({ workspaceId, current }: { workspaceId: string; current: 'api-keys' | 'seam' }) {
  const tabs = [
    { id: 'api-keys', href: `/w/${workspaceId}/settings/api-keys`, label: 'API keys' },
    { id: 'seam', href: `/w/${workspaceId}/settings/seam`, label: 'Seam workspace' },
  ] as const
  return (
    <nav aria-label="Settings">
      <ul className="flex gap-1 border-b border-slate-200">
        {tabs.map((tab) => (
          <li key={tab.id}>
            <Link
              href={tab.href}
              aria-current={tab.id === current ? 'page' : undefined}
              className={cx(
                '-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap',
                tab.id === current
                  ? 'border-brand-600 text-brand-800'
                  : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
              )}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
