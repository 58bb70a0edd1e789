import 'server-only'
import { DomainError } from '@/lib/errors/domain-error'
import type { ApiRequest } from '@/lib/api/api-request'
import type { ApiEnvironment } from '@/lib/api/environment'
import { processApiRateLimiter } from '@/lib/api/rate-limit'
import { isHttpsRequest } from '@/lib/api/security-headers'
import { workspaceForApiKey } from '@/lib/auth/api-keys'
import { readCookie, sessionCookieName, userForSession } from '@/lib/auth/sessions'
import { membershipRole } from '@/lib/auth/users'
import { CLIENT_HEADER, WORKSPACE_HEADER } from '@/lib/shared/request-headers'

export interface Caller {
  workspaceId: string
  userId?: string
  role?: 'admin' | 'member'
  via: 'api_key' | 'session'
}

function bearerToken(request: ApiRequest): string | undefined {
  const header = request.headers.get('authorization')
  if (header === null) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1]
}

/** The session cookie of this request: over HTTPS only the `__Host-` one counts. */
export function sessionToken(request: ApiRequest): string | undefined {
  return readCookie(request.headers.get('cookie'), sessionCookieName(isHttpsRequest(request)))
}

/**
 * Refuses cookie-authenticated requests that could come from another site: a write needs our client header, and a
 * browser that says where the request came from must say it came from here.
 */
export function assertSameSite(request: ApiRequest): void {
  const site = request.headers.get('sec-fetch-site')
  const origin = request.headers.get('origin')
  const host = request.headers.get('host')
  const crossSite =
    (site !== null && site !== 'same-origin' && site !== 'none') ||
    (origin !== null && host !== null && new URL(origin).host !== host)
  if (crossSite || (request.method !== 'GET' && request.headers.get(CLIENT_HEADER) === null)) {
    throw new DomainError('forbidden', 'Cross-site requests are refused. Use the dashboard, or an API key.')
  }
}

/** Who is calling: an API key (its workspace), or a signed-in person working in a workspace they belong to. */
export async function authenticate(
  request: ApiRequest,
  env: ApiEnvironment,
  options: { sessionOnly?: boolean } = {},
): Promise<Caller> {
  const apiKey = bearerToken(request)
  if (apiKey !== undefined) {
    // Counted before the key is looked up, so a flood of wrong keys is limited too.
    await (env.apiRateLimiter ?? processApiRateLimiter()).consume(apiKey)
    const workspaceId = await workspaceForApiKey(env.db, apiKey)
    if (workspaceId === undefined) throw new DomainError('unauthorized', 'The API key is not valid.')
    if (options.sessionOnly === true)
      throw new DomainError('forbidden', 'This endpoint is for people signed in to the dashboard, not API keys.')
    return { workspaceId, via: 'api_key' }
  }
  const token = sessionToken(request)
  if (token === undefined)
    throw new DomainError('unauthorized', 'Send your API key as "Authorization: Bearer seam_…", or sign in.')
  const user = await userForSession(env.db, env.clock, token)
  if (user === undefined) throw new DomainError('unauthorized', 'Your session has ended. Sign in again.')
  assertSameSite(request)
  const workspaceId = request.headers.get(WORKSPACE_HEADER)
  if (workspaceId === null || workspaceId === '') {
    throw new DomainError('invalid_input', `Say which workspace in the ${WORKSPACE_HEADER} header.`)
  }
  const role = await membershipRole(env.db, user.user_id, workspaceId)
  // Not a member answers like an unknown workspace.
  if (role === undefined) throw new DomainError('workspace_not_found', 'Workspace not found.')
  return { workspaceId, userId: user.user_id, role, via: 'session' }
}
