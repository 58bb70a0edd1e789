import 'server-only'
import { TZDate } from '@date-fns/tz'
import type { ServiceContext } from '@/lib/context'
import {
  ACTIVITY_EXPORT_MAX_ROWS,
  activityRows,
  loadActivityScope,
  resolveActivityFilter,
  type ActivityNames,
} from '@/lib/events/activity'
import { eventBatches, type EventsFilter } from '@/lib/events/list-events'
import type { ActivityAddress, ActivityRow } from '@/lib/shared/activity'

/**
 * The activity as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they must be), UTF-8 with a
 * byte-order mark so that spreadsheet programs read names such as "Chalet Förster" right.
 */

export const ACTIVITY_CSV_HEADER = [
  'Local time',
  'Time zone',
  'UTC time',
  'What happened',
  'Details',
  'Property',
  'Lock',
  'Code',
  'Code note',
  'Event type',
  'Event ID',
  'Lock ID',
  'Code ID',
] as const

// A spreadsheet runs a cell that starts like a formula; names come from people, so such a cell gets a leading
// apostrophe, which spreadsheets show as text.
const FORMULA_START = /^[=+\-@\t\r]/

/** One CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled), and never a formula. */
export function csvField(value: string | null): string {
  if (value === null) return ''
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export const csvLine = (fields: readonly (string | null)[]): string => `${fields.map(csvField).join(',')}\r\n`

const pad = (n: number): string => String(n).padStart(2, '0')

/** "2026-03-02 08:00:12": the wall-clock time in the zone, as spreadsheets read a date and time. */
export function csvLocalTime(iso: string, timeZone: string): string {
  const d = new TZDate(new Date(iso).getTime(), timeZone)
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  )
}

export function activityCsvLine(row: ActivityRow): string {
  return csvLine([
    csvLocalTime(row.occurredAt, row.timezone),
    row.timezone,
    row.occurredAt,
    row.summary,
    row.detail,
    row.property,
    row.lock?.name ?? null,
    row.code?.name ?? null,
    row.code?.note ?? null,
    row.eventType,
    row.eventId,
    row.lock?.deviceId ?? null,
    row.code?.accessCodeId ?? null,
  ])
}

/** The CSV's name: `latchkey-activity-2026-03-02.csv` (the day of the export, UTC). */
export const activityCsvFileName = (now: Date): string => `latchkey-activity-${now.toISOString().slice(0, 10)}.csv`

const BATCH_SIZE = 1_000

/**
 * Every matching event, newest first, up to ACTIVITY_EXPORT_MAX_ROWS, as a stream: read in batches, so that a large
 * export holds one batch in memory at a time and the first bytes leave at once.
 */
export function activityCsvStream(
  ctx: ServiceContext,
  names: ActivityNames,
  filter: EventsFilter,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const batches = eventBatches(ctx, filter, { batchSize: BATCH_SIZE, atMost: ACTIVITY_EXPORT_MAX_ROWS })
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(ACTIVITY_CSV_HEADER)}`))
        return
      }
      try {
        const next = await batches.next()
        if (next.done === true) {
          controller.close()
          return
        }
        const rows = await activityRows(ctx, names, next.value)
        controller.enqueue(encoder.encode(rows.map(activityCsvLine).join('')))
      } catch (error) {
        controller.error(error)
      }
    },
    async cancel() {
      await batches.return(undefined)
    },
  })
}

/** The export of the activity page's address: its file name and its CSV, streamed. */
export async function exportActivity(
  ctx: ServiceContext,
  address: ActivityAddress,
): Promise<{ fileName: string; csv: ReadableStream<Uint8Array> }> {
  const scope = await loadActivityScope(ctx)
  const { timezone, events } = await resolveActivityFilter(ctx, scope, address)
  return {
    fileName: activityCsvFileName(ctx.clock.now()),
    csv: activityCsvStream(ctx, { scope, timezone }, events),
  }
}
