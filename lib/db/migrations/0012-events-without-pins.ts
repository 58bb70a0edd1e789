import 'server-only'
import type { Kysely } from 'kysely'

// Issue 13: events no longer keep PINs (the API's events take `code` from the code itself). Stored payloads lose
// their `code`, a batch at a time, in event id order, on both stores (the payload is JSON text on both).
const BATCH = 1_000

interface EventsOnly {
  events: { event_id: string; payload: string }
}

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as unknown as Kysely<EventsOnly>
  let after = ''
  for (;;) {
    const rows = await db
      .selectFrom('events')
      .select(['event_id', 'payload'])
      .where('event_id', '>', after)
      .where('payload', 'like', '%"code"%')
      .orderBy('event_id')
      .limit(BATCH)
      .execute()
    for (const row of rows) {
      let payload: unknown
      try {
        payload = JSON.parse(row.payload)
      } catch {
        continue
      }
      if (typeof payload !== 'object' || payload === null || !('code' in payload)) continue
      const withoutPin: Record<string, unknown> = { ...payload }
      delete withoutPin.code
      await db
        .updateTable('events')
        .set({ payload: JSON.stringify(withoutPin) })
        .where('event_id', '=', row.event_id)
        .execute()
    }
    const last = rows[rows.length - 1]
    if (last === undefined || rows.length < BATCH) return
    after = last.event_id
  }
}
