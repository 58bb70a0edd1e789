import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import { newId } from '@/lib/ids'
import type { EventType } from '@/lib/schemas/event'
import type { Clock } from '@/lib/time/clock'

export interface NewEvent {
  workspaceId: string
  eventType: EventType
  deviceId?: string | undefined
  accessCodeId?: string | undefined
  connectedAccountId?: string | undefined
  /** Extra fields the spec lists for this event type (`code`, `backup_access_code_id`, …). */
  payload?: Record<string, unknown>
  occurredAt?: Date
}

/** Writes an event; call it inside the transaction of the change it describes. */
export async function recordEvent(db: Kysely<Database>, clock: Clock, event: NewEvent): Promise<string> {
  const now = clock.now().toISOString()
  const eventId = newId()
  await db
    .insertInto('events')
    .values({
      event_id: eventId,
      workspace_id: event.workspaceId,
      event_type: event.eventType,
      device_id: event.deviceId ?? null,
      access_code_id: event.accessCodeId ?? null,
      connected_account_id: event.connectedAccountId ?? null,
      payload: JSON.stringify(event.payload ?? {}),
      occurred_at: event.occurredAt?.toISOString() ?? now,
      created_at: now,
    })
    .execute()
  return eventId
}
