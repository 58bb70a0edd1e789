import 'server-only'
import { errorForLog } from '@/lib/db/errors'
import type { ServiceContext } from '@/lib/context'
import { isUniqueViolation } from '@/lib/db/errors'
import { DomainError } from '@/lib/errors/domain-error'
import { loadLockBook } from '@/lib/scheduling/lock-book'
import { lockProblemSchema, type LockProblem } from '@/lib/schemas/lock-check'
import type { ImportRow, ImportStaysInput, ImportStaysResponse } from '@/lib/schemas/stay'
import { parseStaysCsv } from '@/lib/stays/import/parse-stays-csv'
import { resolveRows } from '@/lib/stays/import/resolve-rows'
import { loadStays, planStay, type ExistingStay, type PlannedStay } from '@/lib/stays/plan-stay'
import { writeStaysInBatches } from '@/lib/stays/import/write-stays-in-batches'
import { isUuid } from '@/lib/ids'

/**
 * POST /stays/import: a CSV of stays, planned as a whole and then written row by row. Parse (a bad file is refused
 * whole), resolve names (two queries), read every existing stay of the file's keys and every lock it names with
 * their codes (a few queries), then plan each row in file order against that book in memory — each plan reserves
 * its PINs and slots, so row 40 sees what row 12 takes. A dry run answers the plan. Otherwise the rows that plan
 * without an error are written, many to a transaction and each atomically (all its doors or none: a savepoint each,
 * see write-stays-in-batches.ts): a row refused at write time becomes an error row, and the rows around it are still
 * written.
 */

interface RowOutcome {
  line: number
  reservationKey: string | null
  planned: PlannedStay | undefined
  action: ImportRow['action']
  stayId: string | null
  problems: LockProblem[]
}

const rowProblem = (problem: string, message: string, deviceId: string | null = null): LockProblem => ({
  device_id: deviceId,
  problem,
  severity: 'error',
  message,
})

/** The same problem reported twice (by the row and by the plan) is shown once. */
function distinct(problems: readonly LockProblem[]): LockProblem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.device_id ?? ''}|${p.problem}|${p.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Why a row's write was refused, as the row's problems. */
function problemsOfWriteFailure(error: unknown, line: number): LockProblem[] {
  if (error instanceof DomainError) {
    const planned = lockProblemSchema.array().safeParse(error.details.problems)
    if (planned.success && planned.data.length > 0) return planned.data
    const deviceId =
      typeof error.details.device_id === 'string' && isUuid(error.details.device_id) ? error.details.device_id : null
    return [rowProblem(error.type, error.message, deviceId)]
  }
  if (isUniqueViolation(error))
    return [
      rowProblem(
        'reservation_key_in_use',
        'Another stay took this reservation key while the file was being imported. Import the file again.',
      ),
    ]
  // Not the row's fault: logged for the operator; the row says so and the others go on.
  console.error(`[stays/import] line ${line} could not be written:`, errorForLog(error))
  return [
    rowProblem(
      'write_failed',
      'This row could not be saved (an unexpected error); nothing of it was written. Try again.',
    ),
  ]
}

/**
 * A row whose key is a cancelled stay's: the same row again changes nothing (a re-import stays a no-op) but says the
 * stay is cancelled; a row asking for something else is refused.
 */
function cancelledStay(reservationKey: string, action: string): LockProblem {
  const stay = `Reservation ${JSON.stringify(reservationKey)} belongs to a stay that was cancelled`
  return action === 'unchanged'
    ? {
        device_id: null,
        problem: 'stay_cancelled',
        severity: 'warning',
        message: `${stay}: it stays cancelled, and no lock gets its PIN. To book it again, give it a new reservation key.`,
      }
    : rowProblem(
        'stay_cancelled',
        `${stay}, and a cancelled stay cannot be changed. To book it again, give it a new reservation key.`,
      )
}

export async function importStays(ctx: ServiceContext, input: ImportStaysInput): Promise<ImportStaysResponse> {
  const rows = await resolveRows(ctx, parseStaysCsv(input.csv))
  const now = ctx.clock.now()

  const keys = [...new Set(rows.flatMap((r) => (r.draft === undefined ? [] : [r.draft.reservationKey])))]
  const existingByKey = new Map<string, ExistingStay>()
  if (keys.length > 0)
    for (const stay of await loadStays(ctx, { reservationKeys: keys })) existingByKey.set(stay.reservationKey, stay)
  const book = await loadLockBook(ctx, [
    ...rows.flatMap((r) => r.draft?.deviceIds ?? []),
    ...[...existingByKey.values()].flatMap((s) => s.doors.map((d) => d.deviceId)),
  ])

  const outcomes: RowOutcome[] = rows.map((row) => {
    const base = { line: row.line, reservationKey: row.reservationKey, planned: undefined, stayId: null }
    const { draft } = row
    if (draft === undefined) return { ...base, action: 'error', problems: row.problems }
    const existing = existingByKey.get(draft.reservationKey)
    const planned = planStay(book, existing, draft, now, `the row on line ${row.line}`)
    const { action } = planned.plan
    // A check-out already past (the row's only possible problem here) is fine for a stay imported before and left
    // as it was: a file imported again after some of its stays ended changes nothing, as at first.
    if (row.problems.length > 0 && action !== 'unchanged') return { ...base, action: 'error', problems: row.problems }
    const cancelled = existing !== undefined && existing.cancelledAt !== null
    const problems = cancelled ? [cancelledStay(draft.reservationKey, action)] : distinct(planned.plan.problems)
    if (action === 'error' || action === 'cancel') return { ...base, action: 'error', problems }
    return { ...base, planned, action, stayId: existing?.stayId ?? null, problems }
  })

  if (!input.dry_run) {
    const toWrite = outcomes.flatMap((outcome) =>
      outcome.planned === undefined || outcome.action === 'unchanged' ? [] : [{ outcome, planned: outcome.planned }],
    )
    const written = await writeStaysInBatches(
      ctx,
      toWrite.map((w) => w.planned),
    )
    toWrite.forEach(({ outcome }, i) => {
      const write = written[i]
      if (write === undefined) throw new Error(`no write for the row on line ${outcome.line}`)
      if (write.ok) {
        outcome.stayId = write.stayId
        return
      }
      outcome.action = 'error'
      outcome.stayId = null
      outcome.problems = distinct([
        ...outcome.problems.filter((p) => p.severity === 'warning'),
        ...problemsOfWriteFailure(write.error, outcome.line),
      ])
    })
  }

  const summary = { create: 0, update: 0, unchanged: 0, error: 0 }
  for (const outcome of outcomes) summary[outcome.action] += 1
  return {
    dry_run: input.dry_run,
    rows: outcomes.map((o) => ({
      line: o.line,
      reservation_key: o.reservationKey,
      action: o.action,
      stay_id: o.action === 'error' ? null : o.stayId,
      problems: o.problems,
    })),
    summary,
  }
}
