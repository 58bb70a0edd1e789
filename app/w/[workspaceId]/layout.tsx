import Link from 'next/link'
import type { ReactNode } from 'react'
import { HeaderSearch } from '@/components/layout/header-search'
import { LogoMark } from '@/components/layout/logo'
import { MainNav } from '@/components/layout/main-nav'
import { QueryProvider } from '@/components/layout/query-provider'
import { SignOutButton } from '@/components/layout/sign-out-button'
import { WorkspaceSwitcher } from '@/components/layout/workspace-switcher'
import { WorkspaceProvider } from '@/lib/client/workspace-context'
import { requireWorkspace } from '@/lib/server/session'

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode
  params: Promise<{ workspaceId: string }>
}) {
  const { workspaceId } = await params
  const { user, workspaces, workspace } = await requireWorkspace(workspaceId)
  return (
    <QueryProvider>
      <WorkspaceProvider workspaceId={workspace.workspace_id}>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5 sm:px-6">
            <Link
              href={`/w/${workspace.workspace_id}`}
              className="flex items-center gap-2 font-semibold text-slate-900"
            >
              <LogoMark />
              Latchkey
            </Link>
            <WorkspaceSwitcher
              workspaces={workspaces.map((w) => ({ id: w.workspace_id, name: w.name }))}
              currentId={workspace.workspace_id}
            />
            <MainNav workspaceId={workspace.workspace_id} />
            {/* After the navigation; on a phone, on the row it shares with "Sign out". */}
            <div className="min-w-48 flex-1 md:max-w-xs">
              <HeaderSearch workspaceId={workspace.workspace_id} />
            </div>
            <div className="ml-auto flex items-center gap-3 text-sm text-slate-600">
              <Link
                href={`/w/${workspace.workspace_id}/account`}
                className="rounded-md px-1 hover:text-slate-900 hover:underline"
                title={`Your account: signed in as ${user.email}`}
              >
                {/* The email only where the header has room for it on one row; the account page names it anyway. */}
                <span className="hidden 2xl:inline">{user.email}</span>
                <span className="2xl:hidden">Account</span>
              </Link>
              <SignOutButton />
            </div>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-7xl px-4 py-6 sm:px-6">
          {children}
        </main>
      </WorkspaceProvider>
    </QueryProvider>
  )
}
