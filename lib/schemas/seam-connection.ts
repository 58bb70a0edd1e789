import { z } from 'zod'

// The Seam connection operations (Latchkey's own): /seam/connect and /seam/disconnect (admins), /seam/status (anyone
// in the workspace). No Node imports: the settings page's form validates with the same schema.

export const seamConnectionStatus = z.enum(['connected', 'unauthorized', 'unreachable', 'rate_limited'])

export const seamConnectInput = z.strictObject({
  api_key: z.string().trim().min(1, 'is required').max(500),
  endpoint: z.string().trim().url('must be an http:// or https:// URL').max(500).optional(),
  /** The secret Seam signs this workspace's webhooks with (Seam console → Webhooks); kept when left out. */
  webhook_secret: z
    .string()
    .trim()
    .max(500)
    .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be a Seam webhook secret (it starts with whsec_)')
    .optional(),
})
export type SeamConnectInput = z.infer<typeof seamConnectInput>

/** The settings page's connect form: the same fields, an empty endpoint meaning Seam's own. */
export const seamConnectForm = seamConnectInput.extend({
  endpoint: z.union([z.literal(''), seamConnectInput.shape.endpoint.unwrap()]),
  webhook_secret: z.union([z.literal(''), seamConnectInput.shape.webhook_secret.unwrap()]),
})
export type SeamConnectFormValues = z.infer<typeof seamConnectForm>

/** A connection as shown: never the key, only its last four characters. */
export const seamConnection = z.object({
  endpoint: z.string(),
  api_key_last4: z.string(),
  seam_workspace_id: z.string().nullable(),
  seam_workspace_name: z.string().nullable(),
  status: seamConnectionStatus,
  last_error: z.string().nullable(),
  last_synced_at: z.string().nullable(),
  locks_imported: z.number().int(),
  /** Whether webhooks from Seam are accepted (a webhook secret is stored); without, polling alone keeps in step. */
  webhook_secret_set: z.boolean(),
  created_at: z.string(),
})
export type SeamConnectionObject = z.infer<typeof seamConnection>

export const seamConnectionResponse = z.object({ seam_connection: seamConnection.nullable() })
export const seamDisconnectResponse = z.object({ disconnected: z.boolean() })
