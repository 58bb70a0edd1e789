import 'server-only'
import { cookies, headers } from 'next/headers'
import { notFound, redirect } from 'next/navigation'
import { sessionCookieName, userForSession } from '@/lib/auth/sessions'
import { workspacesOf, type UserSummary, type WorkspaceSummary } from '@/lib/auth/users'
import { getAppContext } from '@/lib/server/app-context'

export interface SignedIn {
  user: UserSummary
  workspaces: WorkspaceSummary[]
}

/** The person signed in on this request, if any. */
export async function getSignedIn(): Promise<SignedIn | undefined> {
  // Over HTTPS (here or at the proxy, which says so in X-Forwarded-Proto) only the `__Host-` cookie counts, as in the API.
  const proto = (await headers()).get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
  const token = (await cookies()).get(sessionCookieName(proto === 'https'))?.value
  if (token === undefined || token === '') return undefined
  const app = await getAppContext()
  const user = await userForSession(app.db, app.clock, token)
  if (user === undefined) return undefined
  return { user, workspaces: await workspacesOf(app.db, user.user_id) }
}

/** For dashboard pages: the signed-in person, or off to the sign-in page. */
export async function requireSignedIn(): Promise<SignedIn> {
  const signedIn = await getSignedIn()
  if (signedIn === undefined) redirect('/sign-in')
  return signedIn
}

/** For pages under /w/[workspaceId]: the person and the workspace, which they must belong to (else 404). */
export async function requireWorkspace(workspaceId: string): Promise<SignedIn & { workspace: WorkspaceSummary }> {
  const signedIn = await requireSignedIn()
  const workspace = signedIn.workspaces.find((w) => w.workspace_id === workspaceId)
  if (workspace === undefined) notFound()
  return { ...signedIn, workspace }
}
