import 'server-only'
import { sql, type CompiledQuery, type Kysely, type Selectable } from 'kysely'
import { DomainError } from '@/lib/errors/domain-error'
import { selectOwned, type ServiceContext } from '@/lib/context'
import { prepared } from '@/lib/db/prepared'
import type { ActionAttemptsTable, Database } from '@/lib/db/schema'
import { parseJson } from '@/lib/db/values'
import { newId } from '@/lib/ids'
import type { ActionAttempt } from '@/lib/schemas/action-attempt'
import type { Clock } from '@/lib/time/clock'

export type ActionType = 'CREATE_ACCESS_CODE' | 'UPDATE_ACCESS_CODE' | 'DELETE_ACCESS_CODE'

export interface NewActionAttempt {
  workspaceId: string
  actionType: ActionType
  status: 'pending' | 'success'
  accessCodeId?: string
  deviceId?: string
  result?: Record<string, unknown>
}

const insertActionAttempt = prepared((db, p: { row: Selectable<ActionAttemptsTable> }) =>
  db.insertInto('action_attempts').values(p.row),
)

export async function createActionAttempt(
  db: Kysely<Database>,
  clock: Clock,
  attempt: NewActionAttempt,
): Promise<ActionAttempt> {
  const now = clock.now().toISOString()
  const row: Selectable<ActionAttemptsTable> = {
    action_attempt_id: newId(),
    workspace_id: attempt.workspaceId,
    action_type: attempt.actionType,
    status: attempt.status,
    access_code_id: attempt.accessCodeId ?? null,
    device_id: attempt.deviceId ?? null,
    result: attempt.status === 'success' ? JSON.stringify(attempt.result ?? {}) : null,
    error: null,
    created_at: now,
    updated_at: now,
  }
  await insertActionAttempt(db, { row })
  return toActionAttemptObject(row)
}

export type ActionAttemptOutcome =
  { status: 'success'; result?: Record<string, unknown> } | { status: 'error'; type: string; message: string }

const outcomeColumns = (outcome: ActionAttemptOutcome, now: string) => ({
  status: outcome.status,
  result: outcome.status === 'success' ? JSON.stringify(outcome.result ?? {}) : null,
  error: outcome.status === 'error' ? JSON.stringify({ type: outcome.type, message: outcome.message }) : null,
  updated_at: now,
})

/** Finishes every pending attempt of this kind for the codes (the lock side calls this when its work is done). */
export async function completeActionAttempts(
  db: Kysely<Database>,
  clock: Clock,
  accessCodeIds: string | readonly string[],
  actionType: ActionType,
  outcome: ActionAttemptOutcome,
): Promise<void> {
  if (accessCodeIds.length === 0) return
  await db
    .updateTable('action_attempts')
    .set(outcomeColumns(outcome, clock.now().toISOString()))
    .where('access_code_id', 'in', typeof accessCodeIds === 'string' ? [accessCodeIds] : [...accessCodeIds])
    .where('action_type', '=', actionType)
    .where('status', '=', 'pending')
    .execute()
}

/** An action attempt the lock side has yet to finish. */
export interface PendingActionAttempt {
  actionAttemptId: string
  actionType: ActionType
  accessCodeId: string
}

/** The attempts still pending on a lock's codes (served by the partial index of migration 0006). */
export async function pendingActionAttempts(db: Kysely<Database>, deviceId: string): Promise<PendingActionAttempt[]> {
  const rows = await db
    .selectFrom('action_attempts')
    .select(['action_attempt_id', 'action_type', 'access_code_id'])
    .where('device_id', '=', deviceId)
    .where('status', '=', sql.lit('pending'))
    .where('access_code_id', 'is not', null)
    .execute()
  return rows.flatMap((r) =>
    r.access_code_id !== null && isActionType(r.action_type)
      ? [{ actionAttemptId: r.action_attempt_id, actionType: r.action_type, accessCodeId: r.access_code_id }]
      : [],
  )
}

const isActionType = (type: string): type is ActionType =>
  type === 'CREATE_ACCESS_CODE' || type === 'UPDATE_ACCESS_CODE' || type === 'DELETE_ACCESS_CODE'

/**
 * The statements that end these attempts, each with its outcome (one that is no longer pending is left as it is),
 * built to be run later: the reconciler runs them in the transaction that stores its pass, opened after they are
 * built.
 */
export function endActionAttemptsQueries(
  db: Kysely<Database>,
  clock: Clock,
  endings: readonly { actionAttemptId: string; outcome: ActionAttemptOutcome }[],
): CompiledQuery[] {
  const now = clock.now().toISOString()
  return endings.map(({ actionAttemptId, outcome }) =>
    db
      .updateTable('action_attempts')
      .set(outcomeColumns(outcome, now))
      .where('action_attempt_id', '=', actionAttemptId)
      .where('status', '=', 'pending')
      .compile(),
  )
}

export function toActionAttemptObject(row: Selectable<ActionAttemptsTable>): ActionAttempt {
  return {
    action_attempt_id: row.action_attempt_id,
    action_type: row.action_type,
    status: row.status,
    result: row.status === 'success' ? parseJson<unknown>(row.result, {}) : null,
    error: row.status === 'error' ? parseJson<{ type: string; message: string } | null>(row.error, null) : null,
  }
}

export async function getActionAttempt(ctx: ServiceContext, actionAttemptId: string): Promise<ActionAttempt> {
  const row = await selectOwned(ctx, 'action_attempts')
    .where('action_attempt_id', '=', actionAttemptId)
    .executeTakeFirst()
  if (row === undefined)
    throw new DomainError('action_attempt_not_found', `Action attempt ${actionAttemptId} was not found.`)
  return toActionAttemptObject(row)
}
