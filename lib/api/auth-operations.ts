import 'server-only'
import { z } from 'zod'
import { DomainError } from '@/lib/errors/domain-error'
import { sessionToken } from '@/lib/api/authenticate'
import type { ApiRequest } from '@/lib/api/api-request'
import type { ApiEnvironment } from '@/lib/api/environment'
import { isHttpsRequest } from '@/lib/api/security-headers'
import { clearedSessionCookie, endSession, endSessionsOfUser, sessionCookie, userForSession } from '@/lib/auth/sessions'
import { signIn } from '@/lib/auth/sign-in'
import { clientAddress } from '@/lib/auth/sign-in-throttle'
import { workspacesOf, type UserSummary } from '@/lib/auth/users'
import type { OutputSchema } from '@/lib/api/operations'
import { sessionResponse, signInInput, signOutEverywhereResponse, type SessionResponse } from '@/lib/schemas/auth'
import { emptyResponse } from '@/lib/schemas/common'

export interface AuthResult<Body> {
  body: Body
  cookies?: string[]
}

export interface AuthOperation<S extends z.ZodType = z.ZodType, O extends OutputSchema = OutputSchema> {
  path: string
  methods: readonly ('GET' | 'POST')[]
  input: S
  /** Refuse cookie requests from another site (`assertSameSite`), before the body is read. */
  sameSiteOnly?: boolean
  /** The success body without `ok`, checked by the API tests like every operation's. */
  output: O
  run(env: ApiEnvironment, request: ApiRequest, input: z.output<S>): Promise<AuthResult<z.input<O>>>
}

const authOperation = <S extends z.ZodType, O extends OutputSchema>(op: AuthOperation<S, O>): AuthOperation =>
  op as unknown as AuthOperation

async function currentUser(env: ApiEnvironment, request: ApiRequest): Promise<UserSummary> {
  const token = sessionToken(request)
  const user = token === undefined ? undefined : await userForSession(env.db, env.clock, token)
  if (user === undefined) throw new DomainError('unauthorized', 'You are not signed in.')
  return user
}

const sessionBody = async (env: ApiEnvironment, user: UserSummary): Promise<SessionResponse> => ({
  user,
  workspaces: await workspacesOf(env.db, user.user_id),
})

/** Signing in and out of the dashboard (on this device, or on all of them): these set and clear the session cookie. */
export const authOperations: readonly AuthOperation[] = [
  authOperation({
    path: '/auth/sign_in',
    methods: ['POST'],
    sameSiteOnly: true,
    input: signInInput,
    output: sessionResponse,
    async run(env, request, { email, password }) {
      const address = clientAddress(request.headers)
      const { user, token, expiresAt } = await signIn(env.db, env.clock, { email, password, address })
      return {
        body: await sessionBody(env, user),
        cookies: [sessionCookie(token, expiresAt, isHttpsRequest(request))],
      }
    },
  }),
  authOperation({
    path: '/auth/sign_out',
    methods: ['POST'],
    sameSiteOnly: true,
    input: z.strictObject({}),
    output: emptyResponse,
    async run(env, request) {
      const token = sessionToken(request)
      if (token !== undefined) await endSession(env.db, token)
      return { body: {}, cookies: [clearedSessionCookie(isHttpsRequest(request))] }
    },
  }),
  authOperation({
    path: '/auth/sign_out_everywhere',
    methods: ['POST'],
    sameSiteOnly: true,
    input: z.strictObject({}),
    output: signOutEverywhereResponse,
    async run(env, request) {
      const user = await currentUser(env, request)
      const ended = await endSessionsOfUser(env.db, user.user_id)
      return { body: { ended_sessions: ended }, cookies: [clearedSessionCookie(isHttpsRequest(request))] }
    },
  }),
  authOperation({
    path: '/auth/session',
    methods: ['GET', 'POST'],
    input: z.strictObject({}),
    output: sessionResponse,
    async run(env, request) {
      return { body: await sessionBody(env, await currentUser(env, request)) }
    },
  }),
]

export const authOperationsByPath: ReadonlyMap<string, AuthOperation> = new Map(
  authOperations.map((op) => [op.path, op]),
)
