import { z } from 'zod'
import { DomainError } from '@/lib/errors/domain-error'
import { assertSameSite, sessionToken } from '@/lib/api/authenticate'
import type { ApiEnvironment } from '@/lib/api/handle-request'
import { clearedSessionCookie, createSession, endSession, sessionCookie, userForSession } from '@/lib/auth/sessions'
import { authenticate as checkPassword, workspacesOf, type UserSummary, type WorkspaceSummary } from '@/lib/auth/users'
import { signInInput, type SignInInput } from '@/lib/schemas/auth'

export interface AuthResult {
  body: Record<string, unknown>
  cookies?: string[]
}

export interface AuthOperation {
  path: string
  methods: readonly ('GET' | 'POST')[]
  input: z.ZodType
  run(env: ApiEnvironment, request: Request, input: unknown): Promise<AuthResult>
}

const isSecure = (request: Request): boolean =>
  new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https'

async function currentUser(env: ApiEnvironment, request: Request): Promise<UserSummary> {
  const token = sessionToken(request)
  const user = token === undefined ? undefined : await userForSession(env.db, env.clock, token)
  if (user === undefined) throw new DomainError('unauthorized', 'You are not signed in.')
  return user
}

const sessionBody = (user: UserSummary, workspaces: WorkspaceSummary[]): Record<string, unknown> => ({
  user,
  workspaces,
})

/** Signing in and out of the dashboard: these set and clear the session cookie. */
export const authOperations: readonly AuthOperation[] = [
  {
    path: '/auth/sign_in',
    methods: ['POST'],
    input: signInInput,
    async run(env, request, input) {
      assertSameSite(request)
      const { email, password } = input as SignInInput
      const user = await checkPassword(env.db, email, password)
      const { token, expiresAt } = await createSession(env.db, env.clock, user.user_id)
      return {
        body: sessionBody(user, await workspacesOf(env.db, user.user_id)),
        cookies: [sessionCookie(token, expiresAt, isSecure(request))],
      }
    },
  },
  {
    path: '/auth/sign_out',
    methods: ['POST'],
    input: z.strictObject({}),
    async run(env, request) {
      assertSameSite(request)
      const token = sessionToken(request)
      if (token !== undefined) await endSession(env.db, token)
      return { body: {}, cookies: [clearedSessionCookie(isSecure(request))] }
    },
  },
  {
    path: '/auth/session',
    methods: ['GET', 'POST'],
    input: z.strictObject({}),
    async run(env, request) {
      const user = await currentUser(env, request)
      return { body: sessionBody(user, await workspacesOf(env.db, user.user_id)) }
    },
  },
]

export const authOperationsByPath: ReadonlyMap<string, AuthOperation> = new Map(
  authOperations.map((op) => [op.path, op]),
)
