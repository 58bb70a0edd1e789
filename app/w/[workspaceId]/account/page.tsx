import type { Metadata } from 'next'
import { SignOutEverywhere } from '@/components/auth/sign-out-everywhere'
import { Card, CardBody, CardHeader } from '@/components/ui/card'
import { sessionPolicy } from '@/lib/auth/session-policy'
import { SESSION_TTL_MS } from '@/lib/auth/sessions'
import { requireWorkspace } from '@/lib/server/session'

export const metadata: Metadata = { title: 'Your account' }

const inWords = (ms: number): string => {
  const minutes = Math.round(ms / 60_000)
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} days`
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`
  return `${minutes} minutes`
}

// GET /w/[workspaceId]/account — who is signed in, and signing out of every device
export default async function AccountPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params
  const { user, workspaces } = await requireWorkspace(workspaceId)
  return (
    <div className="max-w-3xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Your account</h1>
        <p className="mt-1 text-sm text-slate-600">How you sign in to Latchkey, and where you are signed in.</p>
      </header>

      <Card>
        <CardHeader title="Signed in as" />
        <CardBody>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="font-medium text-slate-600">Email</dt>
            <dd className="break-all text-slate-900">{user.email}</dd>
            {user.name !== null && (
              <>
                <dt className="font-medium text-slate-600">Name</dt>
                <dd className="text-slate-900">{user.name}</dd>
              </>
            )}
            <dt className="font-medium text-slate-600">Workspaces</dt>
            <dd>
              <ul className="space-y-1 text-slate-900">
                {workspaces.map((w) => (
                  <li key={w.workspace_id}>
                    {w.name} <span className="text-slate-500">({w.role})</span>
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Sessions"
          description={`A session ends after ${inWords(sessionPolicy().idleTimeoutMs)} without use, and in any case ${inWords(SESSION_TTL_MS)} after signing in.`}
        />
        <CardBody className="space-y-3 text-sm text-slate-700">
          <p>
            Signed in on a computer you no longer use, or worried that someone else is? Sign out everywhere: every
            browser signed in as you, this one included, has to sign in again. Changing your password (ask your
            administrator) does the same.
          </p>
          <SignOutEverywhere />
        </CardBody>
      </Card>
    </div>
  )
}
