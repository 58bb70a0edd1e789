import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { DomainError } from '@/lib/errors/domain-error'
import { recordEvent } from '@/lib/events/record-event'
import type { RevealCodeInput, RevealCodeResponse } from '@/lib/schemas/reveal-code'

/** Who revealed: the signed-in person (their email as it was then), for the activity page. */
async function revealedBy(ctx: ServiceContext): Promise<Record<string, unknown> | undefined> {
  if (ctx.userId === undefined) return undefined
  const user = await ctx.db.selectFrom('users').select('email').where('user_id', '=', ctx.userId).executeTakeFirst()
  return { revealed_by_user_id: ctx.userId, revealed_by_email: user?.email ?? null }
}

/**
 * The PIN of a code the dashboard shows (a live code, managed or not, or a deleted one still on its lock), or of a
 * stay. A reveal from the dashboard is recorded as an event; an API key sees PINs everywhere, so its reveals are not.
 */
export async function revealCode(ctx: ServiceContext, input: RevealCodeInput): Promise<RevealCodeResponse> {
  const who = await revealedBy(ctx)
  if (input.stay_id !== undefined) {
    const stay = await ctx.db
      .selectFrom('stays')
      .select(['stay_id', 'code', 'reservation_key'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('stay_id', '=', input.stay_id)
      .executeTakeFirst()
    if (stay === undefined) throw new DomainError('stay_not_found', `Stay ${input.stay_id} was not found.`)
    if (who !== undefined)
      await recordEvent(ctx.db, ctx.clock, {
        workspaceId: ctx.workspaceId,
        eventType: 'access_code.pin_revealed',
        payload: { ...who, stay_id: stay.stay_id, reservation_key: stay.reservation_key },
      })
    return { access_code_id: null, stay_id: stay.stay_id, code: stay.code }
  }
  const accessCodeId = input.access_code_id ?? ''
  const row = await ctx.db
    .selectFrom('access_codes')
    .select(['access_code_id', 'device_id', 'code', 'is_waiting_for_code_assignment'])
    .where('workspace_id', '=', ctx.workspaceId)
    .where('access_code_id', '=', accessCodeId)
    // What the dashboard shows: live codes, and deleted managed ones the lock side is still taking off the keypad.
    .where((eb) =>
      eb.or([eb('deleted_at', 'is', null), eb.and([eb('is_managed', '=', 1), eb('status', '!=', 'deleted')])]),
    )
    .executeTakeFirst()
  if (row === undefined) throw new DomainError('access_code_not_found', `Access code ${accessCodeId} was not found.`)
  const code = row.is_waiting_for_code_assignment === 1 ? null : row.code
  if (who !== undefined && code !== null)
    await recordEvent(ctx.db, ctx.clock, {
      workspaceId: ctx.workspaceId,
      eventType: 'access_code.pin_revealed',
      accessCodeId: row.access_code_id,
      deviceId: row.device_id,
      payload: who,
    })
  return { access_code_id: row.access_code_id, stay_id: null, code }
}
