import { redirect } from 'next/navigation'
import { EmptyState } from '@/components/ui/empty-state'
import { requireSignedIn } from '@/lib/server/session'

export default async function HomePage() {
  const { workspaces } = await requireSignedIn()
  const first = workspaces[0]
  if (first !== undefined) redirect(`/w/${first.workspace_id}`)
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <EmptyState title="You are not in any workspace yet">
        Ask an administrator to add you: <code className="font-mono">npm run cli -- user create --workspace …</code>
      </EmptyState>
    </main>
  )
}
