import 'server-only'
import { notFound } from 'next/navigation'
import { DomainError } from '@/lib/errors/domain-error'
import type { ServiceContext } from '@/lib/context'
import { getAppContext } from '@/lib/server/app-context'
import { requireWorkspace, type SignedIn } from '@/lib/server/session'
import type { WorkspaceSummary } from '@/lib/auth/users'
import { pinsFor } from '@/lib/access-codes/mask-pins'

/** For server components: the signed-in member's service context in the page's workspace. */
export async function workspacePage(
  workspaceId: string,
): Promise<SignedIn & { workspace: WorkspaceSummary; ctx: ServiceContext }> {
  const signedIn = await requireWorkspace(workspaceId)
  const app = await getAppContext()
  return { ...signedIn, ctx: { db: app.db, clock: app.clock, workspaceId, userId: signedIn.user.user_id } }
}

/** Runs a service read; a "not found" answer becomes the 404 page. */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read
  } catch (error) {
    if (error instanceof DomainError && (error.isNotFound || error.type === 'invalid_input')) notFound()
    throw error
  }
}

/** A page's props: the params of its route, as Next.js passes them. */
export interface RouteProps<Params> {
  params: Promise<Params>
}

/**
 * For a page: its loader, run as the signed-in member in the page's workspace; "not found" becomes the 404 page, and
 * a member (not an admin) gets the data with PINs masked.
 */
export async function loadPage<Args extends unknown[], T>(
  workspaceId: string,
  loader: (ctx: ServiceContext, ...args: Args) => Promise<T>,
  ...args: Args
): Promise<T> {
  const { ctx, workspace } = await workspacePage(workspaceId)
  return pinsFor(workspace.role, await orNotFound(loader(ctx, ...args)))
}
