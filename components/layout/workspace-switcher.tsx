'use client'

import { useRouter } from 'next/navigation'

export function WorkspaceSwitcher({ workspaces, currentId }: { workspaces: { id: string; name: string }[]; currentId: string }) {
  const router = useRouter()
  if (workspaces.length <= 1) {
    return <span className="text-sm font-medium text-slate-700">{workspaces[0]?.name}</span>
  }
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="workspace-switcher" className="sr-only">
        Workspace
      </label>
      <select
        id="workspace-switcher"
        value={currentId}
        onChange={(event) => router.push(`/w/${event.target.value}`)}
        className="rounded-md border border-slate-300 bg-white py-1 pl-2 pr-8 text-sm font-medium text-slate-800"
      >
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </div>
  )
}
