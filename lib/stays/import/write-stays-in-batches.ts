import 'server-only'
import { errorForLog } from '@/lib/db/errors'
import { sql, type Kysely } from 'kysely'
import type { ServiceContext } from '@/lib/context'
import type { DeviceRecord } from '@/lib/db/device-record'
import type { Database } from '@/lib/db/schema'
import { inTransaction } from '@/lib/db/transaction'
import type { PlannedStay } from '@/lib/stays/plan-stay'
import {
  applyStayPlan,
  explainWriteFailure,
  readLocks,
  writePlannedStay,
  writeStayEffects,
  type StayWriteEffects,
} from '@/lib/stays/write-stay'

/**
 * Writes an import's planned stays, many to a transaction: a commit per stay cost the import more than all its other
 * writes. Each stay is written under a savepoint of its own, so one refused at write time is rolled back alone (all
 * its doors or none, as in a transaction of its own) and the others of its batch are kept. What the stays ask for
 * besides their rows (version bumps, lock work, events: writeStayEffects) is written once per batch, for the stays
 * kept; the reconciler is woken once the batch has committed. A batch that fails outside any one stay (those writes,
 * the commit) keeps nothing, and its stays are written again one transaction each, so each gets its own answer.
 */

/** Stays per transaction: a batch holds SQLite's single writer (and its locks' rows on PostgreSQL) until it commits. */
export const STAYS_PER_BATCH = 50
/** A batch also ends once it has this many doors, so that stays with many doors make smaller batches. */
const DOORS_PER_BATCH = 200

export type StayWrite = { ok: true; stayId: string } | { ok: false; error: unknown }

export async function writeStaysInBatches(ctx: ServiceContext, planned: readonly PlannedStay[]): Promise<StayWrite[]> {
  const written: StayWrite[] = []
  for (const batch of batchesOf(planned)) written.push(...(await writeBatch(ctx, batch)))
  return written
}

function batchesOf(planned: readonly PlannedStay[]): PlannedStay[][] {
  const batches: PlannedStay[][] = []
  let batch: PlannedStay[] = []
  let doors = 0
  for (const stay of planned) {
    if (batch.length > 0 && (batch.length >= STAYS_PER_BATCH || doors + stay.plan.doors.length > DOORS_PER_BATCH)) {
      batches.push(batch)
      batch = []
      doors = 0
    }
    batch.push(stay)
    doors += stay.plan.doors.length
  }
  if (batch.length > 0) batches.push(batch)
  return batches
}

async function writeBatch(ctx: ServiceContext, batch: readonly PlannedStay[]): Promise<StayWrite[]> {
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const devices: Map<string, DeviceRecord> = await readLocks(
        trx,
        ctx.workspaceId,
        batch.flatMap((p) => p.plan.doors.filter((d) => d.action !== 'unchanged').map((d) => d.device_id)),
      )
      const written: StayWrite[] = []
      const effects: StayWriteEffects[] = []
      for (const planned of batch) {
        const outcome = await writeUnderSavepoint(trx, ctx, planned, devices)
        if (outcome.ok) effects.push(outcome.effects)
        written.push(outcome.ok ? { ok: true, stayId: outcome.stayId } : outcome)
      }
      await writeStayEffects(trx, ctx, effects)
      return written
    })
  } catch (error) {
    console.warn(
      `[stays/import] a batch of ${batch.length} stays could not be written together; writing them one by one:`,
      errorForLog(error),
    )
    const written: StayWrite[] = []
    for (const planned of batch) {
      try {
        written.push({ ok: true, stayId: await applyStayPlan(ctx, planned) })
      } catch (rowError) {
        written.push({ ok: false, error: rowError })
      }
    }
    return written
  }
}

/**
 * One stay under a savepoint: kept (its effects for the batch to write) or rolled back to the savepoint and answered
 * with why. Only the stay's own writes are caught: a savepoint that cannot be taken, released or rolled back to fails
 * the batch.
 */
async function writeUnderSavepoint(
  trx: Kysely<Database>,
  ctx: ServiceContext,
  planned: PlannedStay,
  devices: Map<string, DeviceRecord>,
): Promise<{ ok: true; stayId: string; effects: StayWriteEffects } | { ok: false; error: unknown }> {
  await sql`savepoint stay_row`.execute(trx)
  let written: { stayId: string; effects: StayWriteEffects }
  try {
    written = await writePlannedStay(trx, ctx, planned, devices)
  } catch (error) {
    await sql`rollback to savepoint stay_row`.execute(trx)
    await sql`release savepoint stay_row`.execute(trx)
    return { ok: false, error: await explainWriteFailure(trx, ctx, planned, error) }
  }
  await sql`release savepoint stay_row`.execute(trx)
  return { ok: true, ...written }
}
