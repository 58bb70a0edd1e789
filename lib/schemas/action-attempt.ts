import { z } from 'zod'
import { uuid } from '@/lib/schemas/common'

export const getActionAttemptInput = z.strictObject({ action_attempt_id: uuid })

export const actionAttemptSchema = z.object({
  action_attempt_id: uuid,
  action_type: z.string(),
  status: z.enum(['pending', 'success', 'error']),
  result: z.unknown().nullable(),
  error: z.object({ type: z.string(), message: z.string() }).nullable(),
})
export type ActionAttempt = z.infer<typeof actionAttemptSchema>

export const actionAttemptResponse = z.object({ action_attempt: actionAttemptSchema })
