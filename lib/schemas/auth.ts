import { z } from 'zod'
import { uuid } from '@/lib/schemas/common'
import { memberWorkspaceSchema } from '@/lib/schemas/workspace'

export const signInInput = z.strictObject({
  email: z.email({ message: 'Enter your email address, like pat@example.com' }),
  password: z.string().min(1, 'Enter your password').max(1_000),
})
export type SignInInput = z.infer<typeof signInInput>

export const userSchema = z.object({ user_id: uuid, email: z.string(), name: z.string().nullable() })
export type User = z.infer<typeof userSchema>

/** `/auth/sign_in` and `/auth/session`: who is signed in, and the workspaces they belong to. */
export const sessionResponse = z.object({ user: userSchema, workspaces: z.array(memberWorkspaceSchema) })
export type SessionResponse = z.infer<typeof sessionResponse>

/** `/auth/sign_out_everywhere`: how many sessions (this one included) were ended. */
export const signOutEverywhereResponse = z.object({ ended_sessions: z.number().int().min(0) })
export type SignOutEverywhereResponse = z.infer<typeof signOutEverywhereResponse>
