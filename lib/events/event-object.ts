import 'server-only'
import type { Selectable } from 'kysely'
import type { EventsTable } from '@/lib/db/schema'
import { parseJson } from '@/lib/db/values'
import type { SeamEvent } from '@/lib/schemas/event'

/**
 * Fields Latchkey records with some events for its own pages, which Seam's events do not have: `access_denied_reason`
 * (why a keypad entry was refused). The API's event object leaves them out.
 */
const latchkeyOnlyFields: readonly string[] = ['access_denied_reason']

/** The event with every field recorded with it, Latchkey's own included: for the dashboard's words, not the API. */
export function toLoggedEvent(row: Selectable<EventsTable>): SeamEvent {
  const event: SeamEvent = {
    event_id: row.event_id,
    workspace_id: row.workspace_id,
    event_type: row.event_type,
    created_at: row.created_at,
    occurred_at: row.occurred_at,
    ...parseJson<Record<string, unknown>>(row.payload, {}),
  }
  if (row.device_id !== null) event.device_id = row.device_id
  if (row.access_code_id !== null) event.access_code_id = row.access_code_id
  if (row.connected_account_id !== null) event.connected_account_id = row.connected_account_id
  return event
}

/** The event as Seam sends it: the ids it concerns at the top level, with its type-specific fields. */
export function toEventObject(row: Selectable<EventsTable>): SeamEvent {
  const event = toLoggedEvent(row)
  for (const field of latchkeyOnlyFields) delete event[field]
  return event
}
