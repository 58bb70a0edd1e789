import 'server-only'
import type { Kysely } from 'kysely'
import { powerOfTwoChunks, prepared } from '@/lib/db/prepared'
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
  /**
   * Extra fields the spec lists for this event type (`backup_access_code_id`, …). A `code` (a PIN) is never stored:
   * the API's events take it from the code itself (see withPins in list-events.ts).
   */
  payload?: Record<string, unknown>
  occurredAt?: Date
}

/** Payload fields that are PINs: events are kept for good and shown widely, PINs are not. */
const PIN_FIELDS: readonly string[] = ['code']

/** The payload as stored: without PINs. */
export function storedPayload(payload: Record<string, unknown> | undefined): string {
  if (payload === undefined) return '{}'
  if (!PIN_FIELDS.some((field) => field in payload)) return JSON.stringify(payload)
  return JSON.stringify(Object.fromEntries(Object.entries(payload).filter(([key]) => !PIN_FIELDS.includes(key))))
}

function eventRow(event: NewEvent, now: string) {
  return {
    event_id: newId(),
    workspace_id: event.workspaceId,
    event_type: event.eventType,
    device_id: event.deviceId ?? null,
    access_code_id: event.accessCodeId ?? null,
    connected_account_id: event.connectedAccountId ?? null,
    payload: storedPayload(event.payload),
    occurred_at: event.occurredAt?.toISOString() ?? now,
    created_at: now,
  }
}

/** Writes an event; call it inside the transaction of the change it describes. */
const insertEvents = prepared((db, p: { rows: ReturnType<typeof eventRow>[] }) =>
  db.insertInto('events').values(p.rows),
)

export async function recordEvent(db: Kysely<Database>, clock: Clock, event: NewEvent): Promise<string> {
  const row = eventRow(event, clock.now().toISOString())
  await insertEvents(db, { rows: [row] })
  return row.event_id
}

// Under the engines' limits on bound parameters per statement (9 columns a row).
const EVENTS_PER_INSERT = 256

/**
 * Writes several events in a few statements, in order: chunks of power-of-two sizes, so that the statements are
 * compiled once, not for every count (the reconciler writes a pass's events inside its transaction).
 */
export async function recordEvents(db: Kysely<Database>, clock: Clock, events: readonly NewEvent[]): Promise<void> {
  const now = clock.now().toISOString()
  const rows = events.map((event) => eventRow(event, now))
  for (const chunk of powerOfTwoChunks(rows, EVENTS_PER_INSERT)) await insertEvents(db, { rows: chunk })
}
