import Link from 'next/link'
import { Fragment } from 'react'

export interface Crumb {
  label: string
  /** Left out for the page itself (the last crumb). */
  href?: string
}

/** Where the page sits: Locks / property / lock / code. The same look as the lock page's trail. */
export function CodeBreadcrumb({ crumbs }: { crumbs: readonly Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb">
      <ol className="flex flex-wrap items-center gap-1.5 text-sm text-slate-600">
        {crumbs.map((crumb, i) => (
          <Fragment key={`${i}-${crumb.label}`}>
            {i > 0 && (
              <li aria-hidden="true" className="text-slate-400">
                /
              </li>
            )}
            <li
              aria-current={i === crumbs.length - 1 ? 'page' : undefined}
              className={i === crumbs.length - 1 ? 'min-w-0 truncate font-medium text-slate-900' : undefined}
            >
              {crumb.href === undefined ? (
                crumb.label
              ) : (
                <Link href={crumb.href} className="hover:text-slate-900 hover:underline">
                  {crumb.label}
                </Link>
              )}
            </li>
          </Fragment>
        ))}
      </ol>
    </nav>
  )
}
