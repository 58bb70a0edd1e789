'use client'

import { useRouter } from 'next/navigation'

/** The workspace in view, after a divider so it does not read as one more nav link; a menu when there are several. */
export function WorkspaceSwitcher({
  workspaces,
  currentId,
}: {
  workspaces: { id: string; name: string }[]
  currentId: string
}) {
  const router = useRouter()
  const current = workspaces.find((w) => w.id === currentId) ?? workspaces[0]
  return (
    <div className="flex min-w-0 items-center gap-3">
      <span aria-hidden="true" className="h-5 w-px bg-slate-200" />
      {workspaces.length <= 1 ? (
        <span className="truncate text-sm font-semibold text-slate-900">
          <span className="sr-only">Workspace: </span>
          {current?.name}
        </span>
      ) : (
        <>
          <label htmlFor="workspace-switcher" className="sr-only">
            Workspace
          </label>
          <select
            id="workspace-switcher"
            value={currentId}
            onChange={(event) => router.push(`/w/${event.target.value}`)}
            className="max-w-[14rem] truncate rounded-md border border-slate-300 bg-white py-1 pr-8 pl-2 text-sm font-semibold text-slate-900"
          >
            {workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  )
}
