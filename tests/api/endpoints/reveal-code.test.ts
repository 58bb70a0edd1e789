// /access_codes/reveal_code: a stay's PIN as well as a code's, which codes can be revealed (a deleted one only while
// the lock still holds it), and which reveals the activity records (a signed-in person's, not an API key's).
import { beforeAll, describe, expect, it } from 'vitest'
import { createSession, SESSION_COOKIE } from '@/lib/auth/sessions'
import { addMembership, createUser } from '@/lib/auth/users'
import { listLoggedEvents } from '@/lib/events/list-events'
import type { SeamEvent } from '@/lib/schemas/event'
import type { Reconciler } from '@/lib/sync/reconciler'
import {
  clock,
  create,
  expectError,
  expectOk,
  inHours,
  server,
  store,
  workspaceWith,
  type Reply,
  type Workspace,
  sandboxReconciler,
} from '@/tests/support/rules-api'

type Ws = Workspace<readonly string[]>

let reconciler: Reconciler
let people = 0

beforeAll(() => {
  reconciler = sandboxReconciler()
})

/** A member of the workspace, signed in: reveal_code as the dashboard sends it. */
async function signedInMember(
  ws: Ws,
): Promise<{ email: string; userId: string; reveal: (body: object) => Promise<Reply> }> {
  people++
  const email = `member${people}@example.com`
  const user = await createUser(store.db, clock, { email, password: 'correct horse battery' })
  await addMembership(store.db, clock, user.user_id, ws.workspaceId, 'member')
  const { token } = await createSession(store.db, clock, user.user_id)
  const reveal = async (body: object): Promise<Reply> => {
    const response = await fetch(`${server.endpoint}/access_codes/reveal_code`, {
      method: 'POST',
      headers: {
        'latchkey-client': 'dashboard',
        'content-type': 'application/json',
        cookie: `${SESSION_COOKIE}=${token}`,
        'latchkey-workspace-id': ws.workspaceId,
      },
      body: JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as Reply['body'] }
  }
  return { email, userId: user.user_id, reveal }
}

const reveals = (ws: Ws): Promise<SeamEvent[]> =>
  listLoggedEvents(
    { db: store.db, clock, workspaceId: ws.workspaceId },
    { event_type: 'access_code.pin_revealed', since: '2000-01-01T00:00:00Z', limit: 100 },
  )

async function stayOn(ws: Ws, reservationKey: string): Promise<{ stay_id: string; code: string }> {
  const answer = expectOk(
    await ws.call('/stays/create', {
      reservation_key: reservationKey,
      guest_name: 'Ada Lovelace',
      device_ids: [ws.devices[0]],
      check_in: inHours(24),
      check_out: inHours(72),
      code: '482915',
    }),
  ) as unknown as { stay: { stay_id: string; code: string } }
  return answer.stay
}

describe('a stay’s PIN', () => {
  it('is revealed to a member, and the activity records who revealed which stay', async () => {
    const ws = await workspaceWith('august')
    const stay = await stayOn(ws, 'R-200')
    const member = await signedInMember(ws)
    clock.advance(60_000)
    const body = expectOk(await member.reveal({ stay_id: stay.stay_id })) as unknown
    expect(body).toEqual({ ok: true, access_code_id: null, stay_id: stay.stay_id, code: '482915' })
    const logged = await reveals(ws)
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatchObject({
      stay_id: stay.stay_id,
      reservation_key: 'R-200',
      revealed_by_user_id: member.userId,
      revealed_by_email: member.email,
      occurred_at: clock.now().toISOString(),
    })
    expect(JSON.stringify(logged[0])).not.toContain('482915')
  })

  it('of another workspace, or of no stay: 404 stay_not_found, and nothing is recorded', async () => {
    const ws = await workspaceWith('august')
    const other = await workspaceWith('august')
    const theirs = await stayOn(other, 'R-201')
    const member = await signedInMember(ws)
    const refused = expectError(await member.reveal({ stay_id: theirs.stay_id }), 404, 'stay_not_found')
    expect(refused.message).toBe(`Stay ${theirs.stay_id} was not found.`)
    expectError(await member.reveal({ stay_id: crypto.randomUUID() }), 404, 'stay_not_found')
    expect(await reveals(ws)).toEqual([])
    expect(await reveals(other)).toEqual([])
  })
})

describe('a code’s PIN', () => {
  it('revealed with an API key: answered, not recorded (a key sees PINs everywhere)', async () => {
    const ws = await workspaceWith('august')
    const code = await create(ws, { device_id: ws.devices[0], code: '5173' })
    const stay = await stayOn(ws, 'R-202')
    expect(expectOk(await ws.call('/access_codes/reveal_code', { access_code_id: code.access_code_id }))).toEqual({
      ok: true,
      access_code_id: code.access_code_id,
      stay_id: null,
      code: '5173',
    })
    expect(expectOk(await ws.call('/access_codes/reveal_code', { stay_id: stay.stay_id }))).toMatchObject({
      code: '482915',
    })
    expect(await reveals(ws)).toEqual([])
  })

  it('still waiting for the lock to choose it: null, and nothing is recorded', async () => {
    const ws = await workspaceWith('keynest')
    const waiting = await create(ws, { device_id: ws.devices[0], starts_at: inHours(1), ends_at: inHours(48) })
    const member = await signedInMember(ws)
    expect(expectOk(await member.reveal({ access_code_id: waiting.access_code_id }))).toMatchObject({
      access_code_id: waiting.access_code_id,
      code: null,
    })
    expect(await reveals(ws)).toEqual([])
  })

  it('of a deleted code: revealed while the lock still holds it, then not found', async () => {
    const ws = await workspaceWith('august')
    const code = await create(ws, { device_id: ws.devices[0], code: '7391' })
    await reconciler.runUntilIdle()
    expectOk(await ws.call('/access_codes/delete', { access_code_id: code.access_code_id }))
    const member = await signedInMember(ws)
    expect(expectOk(await member.reveal({ access_code_id: code.access_code_id }))).toMatchObject({ code: '7391' })
    expect((await reveals(ws)).map((e) => [e.access_code_id, e.device_id, e.revealed_by_email])).toEqual([
      [code.access_code_id, ws.devices[0], member.email],
    ])
    await reconciler.runUntilIdle()
    const gone = expectError(await member.reveal({ access_code_id: code.access_code_id }), 404, 'access_code_not_found')
    expect(gone.message).toBe(`Access code ${code.access_code_id} was not found.`)
    expect(await reveals(ws)).toHaveLength(1)
  })
})
