// Two writers at once: a plan is advice, the database decides. A PIN or a reservation key taken between a stay's plan
// and its write is refused with a clear 400 (never a 500), and nothing of the stay is written.
import { describe, expect, it } from 'vitest'
import { DomainError } from '@/lib/errors/domain-error'
import { loadLockBook } from '@/lib/scheduling/lock-book'
import { planStay, type StayDraft } from '@/lib/stays/plan-stay'
import { applyStayPlan } from '@/lib/stays/write-stay'
import { at, clock, DAY, deviceOf, http, store, workspace } from '@/tests/support/simulation-api'
import { createStay, writtenRows } from '@/tests/api/stays/stays-api'

const ctx = () => ({ db: store.db, clock, workspaceId: workspace.workspace_id })

async function plannedStay(draft: Partial<StayDraft> = {}) {
  const deviceIds = [deviceOf('august'), deviceOf('kwikset')]
  const book = await loadLockBook(ctx(), deviceIds)
  return planStay(
    book,
    undefined,
    {
      reservationKey: 'R-1',
      guestName: 'Ada',
      propertyId: workspace.property_id,
      deviceIds,
      checkIn: at(3 * DAY),
      checkOut: at(6 * DAY),
      code: '583920',
      ...draft,
    },
    clock.now(),
    'this stay',
  )
}

async function refusal(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`)
  return error
}

describe('a write that loses a race', () => {
  it('to a code that took the PIN on one lock: stay_cannot_be_scheduled naming the lock, nothing written', async () => {
    const planned = await plannedStay()
    expect(planned.plan.action).toBe('create')
    await http.ok('/access_codes/create', { device_id: deviceOf('kwikset'), name: 'Cleaner', code: '583920' })
    const before = await writtenRows()
    const error = await refusal(applyStayPlan(ctx(), planned))
    expect(error.type).toBe('stay_cannot_be_scheduled')
    expect(error.details.problems).toEqual([
      expect.objectContaining({ device_id: deviceOf('kwikset'), problem: 'pin_in_use_on_lock', severity: 'error' }),
    ])
    expect(error.message).toContain('PIN 583920 was taken on Kwikset lock')
    expect(await writtenRows()).toEqual(before)
  })

  it('to another stay with the same reservation key: reservation_key_in_use, nothing written', async () => {
    const planned = await plannedStay({ code: null })
    await createStay({
      reservation_key: 'R-1',
      guest_name: 'Other',
      device_ids: [deviceOf('yale')],
      check_in: at(DAY),
      check_out: at(2 * DAY),
    })
    const before = await writtenRows()
    const error = await refusal(applyStayPlan(ctx(), planned))
    expect(error.type).toBe('reservation_key_in_use')
    expect(await writtenRows()).toEqual(before)
  })
})
