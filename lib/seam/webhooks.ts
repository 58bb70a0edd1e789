import 'server-only'
import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import { inTransaction } from '@/lib/db/transaction'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { webhookSecretContext } from '@/lib/seam/connections'
import { seamDb } from '@/lib/seam/seam-tables'
import { decryptSecret, SecretKeyError } from '@/lib/seam/secret-box'
import { syncSeamLocks } from '@/lib/seam/sync-locks'
import { requestSync } from '@/lib/sync/sync-jobs'
import type { Clock } from '@/lib/time/clock'

/** A delivery is refused when its timestamp is further than this from now (Svix's own tolerance). */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000
/** Bodies above this are refused unread (Seam's events are a few hundred bytes). */
export const MAX_WEBHOOK_BYTES = 256 * 1024

/** What a webhook secret looks like: `whsec_` and the base64 of the HMAC key. */
export const WEBHOOK_SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]+={0,2}$/

export interface WebhookDelivery {
  /** svix-id, svix-timestamp (seconds since the epoch), svix-signature (`v1,<base64>` entries, space-separated). */
  id: string | null
  timestamp: string | null
  signature: string | null
  body: string
}

/**
 * Whether `signature` holds a `v1` HMAC-SHA256 of `${id}.${timestamp}.${body}` under the secret (Svix's scheme, which
 * Seam's webhooks use), compared in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  delivery: { id: string; timestamp: string; signature: string; body: string },
): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = crypto
    .createHmac('sha256', key)
    .update(`${delivery.id}.${delivery.timestamp}.${delivery.body}`)
    .digest()
  return delivery.signature.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2)
    if (version !== 'v1' || value === undefined) return false
    const given = Buffer.from(value, 'base64')
    return given.length === expected.length && crypto.timingSafeEqual(given, expected)
  })
}

interface SeamEventPayload {
  event_type: string
  workspace_id: string
  device_id?: string | undefined
}

function payloadOf(body: string): SeamEventPayload {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    throw invalidInput({ '': ['The body is not JSON: a Seam webhook carries one event as JSON.'] })
  }
  const event = parsed as Partial<Record<keyof SeamEventPayload, unknown>> | null
  if (typeof event !== 'object' || event === null || typeof event.workspace_id !== 'string')
    throw invalidInput({ workspace_id: ['is required: a Seam event names its workspace'] })
  return {
    event_type: typeof event.event_type === 'string' ? event.event_type : '',
    workspace_id: event.workspace_id,
    device_id: typeof event.device_id === 'string' ? event.device_id : undefined,
  }
}

export interface WebhookOutcome {
  /** The Latchkey workspaces the event was for (each connected to the Seam workspace, with this secret). */
  workspaces: number
  /** Their locks asked for a pass at once. */
  devices: number
}

/**
 * A webhook from Seam: checked (headers present, timestamp within 5 minutes, signature made with the secret of a
 * connection to the event's Seam workspace, id not seen before), then acted on at once — the lock the event is about
 * gets a reconcile pass now (Latchkey reads what Seam says of it), and an event about locks or accounts themselves
 * (added, removed, online or not, disconnected) syncs the workspace's locks first. Unsigned, badly signed, old and
 * replayed deliveries change nothing.
 */
export async function receiveSeamWebhook(
  env: { db: Kysely<Database>; clock: Clock; secretKey: () => Buffer },
  delivery: WebhookDelivery,
): Promise<WebhookOutcome> {
  const { id, timestamp, signature, body } = delivery
  const missing = Object.entries({ 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': signature })
    .filter(([, value]) => value === null || value.trim() === '')
    .map(([name]) => name)
  if (id === null || timestamp === null || signature === null || missing.length > 0)
    throw invalidInput(Object.fromEntries(missing.map((name) => [name, ['is required (a Seam webhook header)']])))
  const now = env.clock.now()
  const sentAt = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) * 1000 : Number.NaN
  if (Number.isNaN(sentAt)) throw invalidInput({ 'svix-timestamp': ['must be seconds since 1970'] })
  if (Math.abs(now.getTime() - sentAt) > WEBHOOK_TOLERANCE_MS)
    throw new DomainError(
      'unauthorized',
      'The webhook’s timestamp is more than 5 minutes away from now: refused (an old or replayed delivery, or a clock ' +
        'far off).',
    )
  const event = payloadOf(body)

  const sdb = seamDb(env.db)
  const connections = await sdb
    .selectFrom('seam_connections')
    .select(['workspace_id', 'webhook_secret_ciphertext'])
    .where('seam_workspace_id', '=', event.workspace_id)
    .where('webhook_secret_ciphertext', 'is not', null)
    .execute()
  const verified = connections.filter((c) => {
    if (c.webhook_secret_ciphertext === null) return false
    let secret: string
    try {
      secret = decryptSecret(c.webhook_secret_ciphertext, env.secretKey(), webhookSecretContext(c.workspace_id))
    } catch (error) {
      if (error instanceof SecretKeyError) return false
      throw error
    }
    return verifyWebhookSignature(secret, { id, timestamp, signature, body })
  })
  if (verified.length === 0)
    throw new DomainError(
      'unauthorized',
      'The webhook’s signature does not match the webhook secret of any workspace connected to this Seam workspace.',
    )

  // Each id once: kept until a delivery carrying it would be refused for its age anyway.
  const expiresAt = new Date(sentAt + WEBHOOK_TOLERANCE_MS + 60_000).toISOString()
  const fresh: string[] = []
  for (const { workspace_id } of verified) {
    const inserted = await inTransaction(env.db, async (trx) => {
      const tdb = seamDb(trx)
      await tdb
        .deleteFrom('seam_webhook_deliveries')
        .where('workspace_id', '=', workspace_id)
        .where('expires_at', '<', now.toISOString())
        .execute()
      const result = await tdb
        .insertInto('seam_webhook_deliveries')
        .values({ workspace_id, webhook_id: id, expires_at: expiresAt })
        .onConflict((oc) => oc.columns(['workspace_id', 'webhook_id']).doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0
    })
    if (inserted) fresh.push(workspace_id)
  }
  if (fresh.length === 0)
    throw new DomainError('webhook_replayed', `The webhook ${id} was already received: a replay is not acted on.`)

  let devices = 0
  const aboutLocks = /^(device|connected_account)\./.test(event.event_type)
  for (const workspaceId of fresh) {
    const lock =
      event.device_id === undefined
        ? undefined
        : await sdb
            .selectFrom('seam_objects')
            .select('latchkey_id')
            .where('workspace_id', '=', workspaceId)
            .where('object_type', '=', 'device')
            .where('seam_id', '=', event.device_id)
            .executeTakeFirst()
    // A lock Latchkey does not know yet, or news about locks and accounts: the locks are synced (it files passes).
    if (aboutLocks || (event.device_id !== undefined && lock === undefined))
      await syncSeamLocks(env.db, env.clock, workspaceId, env.secretKey())
    if (lock !== undefined) {
      await inTransaction(env.db, (trx) => requestSync(trx, [lock.latchkey_id], env.clock.now()))
      devices++
    }
  }
  return { workspaces: fresh.length, devices }
}
