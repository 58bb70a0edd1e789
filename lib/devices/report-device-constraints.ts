import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { loadDevice } from '@/lib/devices/load-device'
import type { ReportDeviceConstraintsInput } from '@/lib/schemas/access-code'
import { MAX_CODE_LENGTH, MIN_CODE_LENGTH } from '@/lib/schemas/access-code'

/** Stores the code lengths a lock reports; later creates and generated codes obey them. */
export async function reportDeviceConstraints(ctx: ServiceContext, input: ReportDeviceConstraintsInput): Promise<void> {
  const device = await loadDevice(ctx, input.device_id)
  let lengths: number[]
  if (input.supported_code_lengths !== undefined) {
    lengths = [...new Set(input.supported_code_lengths)].sort((a, b) => a - b)
  } else {
    const min = input.min_code_length ?? MIN_CODE_LENGTH
    const max = input.max_code_length ?? MAX_CODE_LENGTH
    lengths = Array.from({ length: max - min + 1 }, (_, i) => min + i)
  }
  await ctx.db
    .updateTable('devices')
    .set((eb) => ({
      supported_code_lengths: JSON.stringify(lengths),
      access_codes_version: eb('access_codes_version', '+', 1),
    }))
    .where('device_id', '=', device.deviceId)
    .execute()
}
