import { z } from 'zod'
import { uuid } from '@/lib/schemas/common'

/** A lock's display name, as /devices/update takes it and the Lock settings form checks it. */
export const deviceName = z
  .string({ message: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')

const UNSUPPORTED_METADATA = 'is not supported by Latchkey: devices carry no custom metadata here'
const ALWAYS_MANAGED = 'must be true: Latchkey manages every lock it lists and cannot unmanage one'

/**
 * `/devices/update`, as Seam has it (`name`, or `properties.name`; `is_managed`; `custom_metadata`), with Latchkey's
 * `property_id`: the property (same workspace) the lock belongs to. `name: null` gives a Seam lock its name in Seam
 * back. What Latchkey cannot do is refused with a message, never dropped: `is_managed: false`, `custom_metadata`.
 */
export const updateDeviceInput = z
  .strictObject({
    device_id: uuid,
    name: deviceName.nullable().optional(),
    properties: z.strictObject({ name: deviceName.nullable().optional() }).optional(),
    property_id: uuid.optional(),
    is_managed: z.boolean().optional(),
    custom_metadata: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.is_managed === false) ctx.addIssue({ code: 'custom', path: ['is_managed'], message: ALWAYS_MANAGED })
    if (value.custom_metadata !== undefined)
      ctx.addIssue({ code: 'custom', path: ['custom_metadata'], message: UNSUPPORTED_METADATA })
    const inProperties = value.properties?.name
    if (value.name !== undefined && inProperties !== undefined && value.name !== inProperties)
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'differs from properties.name: give the name once' })
  })
  .transform(({ properties, ...rest }) => ({
    ...rest,
    name: rest.name !== undefined ? rest.name : properties?.name,
  }))
export type UpdateDeviceInput = z.output<typeof updateDeviceInput>
export type UpdateDeviceBody = z.input<typeof updateDeviceInput>

/** The lock page's Lock settings form: a name and a property, both required. */
export const lockSettingsFormInput = z.object({
  name: deviceName,
  property_id: z.string().min(1, 'choose a property').pipe(uuid),
})
export type LockSettingsFormInput = z.infer<typeof lockSettingsFormInput>

/** What the lock page's Lock settings form starts from: the lock's name and property, and the properties it may go to. */
export interface LockSettings {
  name: string
  property_id: string
  properties: { property_id: string; name: string; timezone: string }[]
}
