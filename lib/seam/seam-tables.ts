import 'server-only'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'

// The tables of migrations 0013 and 0014, typed here so the Seam code is the only code that sees them.

export type SeamConnectionStatus =
  /** Connected; the last call to Seam succeeded. */
  | 'connected'
  /** Seam refuses the key (401): revoked or rotated. Reconnect with a new key. */
  | 'unauthorized'
  /** Seam did not answer (network error, 5xx): retried with backoff. */
  | 'unreachable'
  /** Seam answered 429: nothing is sent before its Retry-After. */
  | 'rate_limited'

export interface SeamConnectionsTable {
  workspace_id: string
  endpoint: string
  /** secret-box.ts token: AES-256-GCM under LATCHKEY_SECRET_KEY, bound to the workspace id. */
  api_key_ciphertext: string
  /** The key's last four characters, so people can tell which key is in use. */
  key_last4: string
  seam_workspace_id: string | null
  seam_workspace_name: string | null
  status: SeamConnectionStatus
  last_error: string | null
  last_synced_at: string | null
  /** When the lock sync next runs (backoff after failures, Retry-After after a 429). */
  next_sync_at: string | null
  consecutive_failures: number
  created_at: string
  updated_at: string
  /** secret-box.ts token of the secret Seam signs webhooks with (`whsec_…`), when one was given (migration 0014). */
  webhook_secret_ciphertext: string | null
}

export type SeamObjectType = 'device' | 'connected_account' | 'property'

/** Which Latchkey row mirrors which Seam object (for a property: the time zone it gathers locks of). */
export interface SeamObjectsTable {
  latchkey_id: string
  workspace_id: string
  object_type: SeamObjectType
  seam_id: string
}

/** Webhook ids (svix-id) accepted lately, kept until a delivery with them would be too old anyway (migration 0014). */
export interface SeamWebhookDeliveriesTable {
  workspace_id: string
  webhook_id: string
  expires_at: string
}

export type SeamTables = {
  seam_connections: SeamConnectionsTable
  seam_objects: SeamObjectsTable
  seam_webhook_deliveries: SeamWebhookDeliveriesTable
}

export type SeamDatabase = Database & SeamTables

/** The store, with the Seam tables visible to Kysely. */
export const seamDb = (db: Kysely<Database>): Kysely<SeamDatabase> => db.withTables<SeamTables>()
