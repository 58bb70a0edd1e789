import { z } from 'zod'

export const signInInput = z.strictObject({
  email: z.email({ message: 'Enter your email address, like pat@example.com' }),
  password: z.string().min(1, 'Enter your password').max(1_000),
})
export type SignInInput = z.infer<typeof signInInput>
