import { z } from 'zod'
import { uuid } from '@/lib/schemas/common'

/**
 * `/access_codes/reveal_code` (Latchkey's own): the PIN of one code, or of one stay, for a dashboard member, who sees
 * PINs masked everywhere else. Each reveal by a member is recorded (event `access_code.pin_revealed`).
 */
export const revealCodeInput = z
  .strictObject({ access_code_id: uuid.optional(), stay_id: uuid.optional() })
  .superRefine((value, ctx) => {
    if ((value.access_code_id === undefined) === (value.stay_id === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['access_code_id'],
        message: 'give access_code_id or stay_id (one of them)',
      })
  })
export type RevealCodeInput = z.infer<typeof revealCodeInput>

export const revealCodeResponse = z.object({
  access_code_id: uuid.nullable(),
  stay_id: uuid.nullable(),
  /** Null while the lock has not assigned the code its PIN. */
  code: z.string().nullable(),
})
export type RevealCodeResponse = z.infer<typeof revealCodeResponse>
