import 'server-only'
import { z } from 'zod'

// The Seam connection operations (Latchkey's own, admin only): /seam/connect, /seam/disconnect, /seam/status.

export const seamConnectionStatus = z.enum(['connected', 'unauthorized', 'unreachable', 'rate_limited'])

export const seamConnectInput = z.strictObject({
  api_key: z.string().trim().min(1, 'is required').max(500),
  endpoint: z.string().trim().url('must be an http:// or https:// URL').max(500).optional(),
})
export type SeamConnectInput = z.infer<typeof seamConnectInput>

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
  created_at: z.string(),
})
export type SeamConnectionObject = z.infer<typeof seamConnection>

export const seamConnectionResponse = z.object({ seam_connection: seamConnection.nullable() })
export const seamDisconnectResponse = z.object({ disconnected: z.boolean() })
