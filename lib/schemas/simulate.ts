import { z } from 'zod'
import { pinCode } from '@/lib/schemas/access-code'
import { uuid } from '@/lib/schemas/common'

export const simulateDeviceInput = z.strictObject({ device_id: uuid })

export const simulateCreateUnmanagedInput = z.strictObject({
  device_id: uuid,
  code: pinCode,
  name: z.string().trim().min(1).max(200),
})

export const simulateFailNextOperationsInput = z
  .strictObject({
    device_id: uuid,
    set: z.number().int().min(0).max(1_000).optional(),
    remove: z.number().int().min(0).max(1_000).optional(),
  })
  .refine((v) => v.set !== undefined || v.remove !== undefined, { path: ['set'], message: 'give set and/or remove' })

export const simulateModifyOnKeypadInput = z.strictObject({ access_code_id: uuid, code: pinCode })

export const simulateRemoveFromKeypadInput = z.strictObject({ access_code_id: uuid })

export const simulateConnectedAccountInput = z.strictObject({ connected_account_id: uuid })

export const simulateFillKeypadResponse = z.object({ codes_added: z.number().int().min(0) })
