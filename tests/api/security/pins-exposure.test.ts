// Issue 13, point 6: who sees a PIN. API keys and admins see PINs as Seam's API does; dashboard members see them
// masked (still valid against Seam's schemas) and reveal one at a time, which is recorded; events keep no PIN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, SESSION_COOKIE } from '@/lib/auth/sessions'
import { addMembership, createUser } from '@/lib/auth/users'
import { pinsFor } from '@/lib/access-codes/mask-pins'
import { loadLockPage } from '@/lib/dashboard/lock-page'
import { loadCodePage } from '@/lib/dashboard/code-page'
import { loadEditCodePage } from '@/lib/dashboard/code-form-pages'
import type { Store } from '@/lib/db/connection'
import { up as stripPinsFromEvents } from '@/lib/db/migrations/0012-events-without-pins'
import { listLoggedEvents } from '@/lib/events/list-events'
import { recordEvent } from '@/lib/events/record-event'
import { createProviderResolver } from '@/lib/locks/providers'
import { Reconciler } from '@/lib/sync/reconciler'
import { MASKED_PIN } from '@/lib/shared/masked-pin'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { HttpClient, isJson, type Json } from '@/tests/support/http-client'
import { expectSeamShape, expectSeamShapes } from '@/tests/support/seam-schemas'
import { openTestStore } from '@/tests/support/test-store'

const clock = new ManualClock('2026-03-02T09:00:00.000Z')
let store: Store
let server: TestApiServer
let ws: CreatedWorkspace
let other: CreatedWorkspace
let api: HttpClient
let reconciler: Reconciler
let adminCookie: string
let memberCookie: string
let deviceId: string
let pin: string
let accessCodeId: string

async function sessionCookie(email: string, role: 'admin' | 'member'): Promise<string> {
  const user = await createUser(store.db, clock, { email, password: 'correct horse battery' })
  await addMembership(store.db, clock, user.user_id, ws.workspace_id, role)
  const { token } = await createSession(store.db, clock, user.user_id)
  return `${SESSION_COOKIE}=${token}`
}

/** A request as the dashboard sends it: session cookie, workspace header, client header. */
async function asSession(cookie: string, path: string, body: Json = {}): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${server.endpoint}${path}`, {
    method: 'POST',
    headers: {
      'latchkey-client': 'dashboard',
      'content-type': 'application/json',
      cookie,
      'latchkey-workspace-id': ws.workspace_id,
    },
    body: JSON.stringify(body),
  })
  const parsed: unknown = await response.json()
  if (!isJson(parsed)) throw new Error(`${path}: not a JSON object`)
  return { status: response.status, body: parsed }
}

const ctx = () => ({ db: store.db, clock, workspaceId: ws.workspace_id })

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
  ws = await createWorkspace(store.db, clock, { name: 'Pins', sandboxDevices: 1 })
  other = await createWorkspace(store.db, clock, { name: 'Other', sandboxDevices: 1 })
  api = new HttpClient(server.endpoint, ws.api_key)
  reconciler = new Reconciler({
    db: store.db,
    engine: store.engine,
    clock,
    providerFor: createProviderResolver({ db: store.db, clock, sandboxLatencyScale: 0 }),
    owner: 'pins-exposure',
  })
  adminCookie = await sessionCookie('ada@example.com', 'admin')
  memberCookie = await sessionCookie('max@example.com', 'member')
  deviceId = ws.device_ids[0] ?? ''
  pin = (await api.ok<{ generated_code: { code: string } }>('/access_codes/generate_code', { device_id: deviceId }))
    .generated_code.code
  const created = await api.ok<{ access_code: Json }>('/access_codes/create', {
    device_id: deviceId,
    name: 'Guest',
    code: pin,
  })
  accessCodeId = String(created.access_code.access_code_id)
  await reconciler.runUntilIdle()
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})

describe('an API key and an admin', () => {
  it('see the PIN, on the code and on the events that carry one (read from the code: events keep none)', async () => {
    const got = await api.ok<{ access_code: Json }>('/access_codes/get', { access_code_id: accessCodeId })
    expect(got.access_code.code).toBe(pin)
    const asAdmin = await asSession(adminCookie, '/access_codes/get', { access_code_id: accessCodeId })
    expect((asAdmin.body.access_code as Json).code).toBe(pin)

    const { events } = await api.ok<{ events: Json[] }>('/events/list', {
      access_code_id: accessCodeId,
      since: '2026-01-01T00:00:00Z',
    })
    const set = events.find((e) => e.event_type === 'access_code.set_on_device')
    expect(set?.code).toBe(pin)
    expectSeamShapes('event', events)
  })

  it('finds no PIN in any stored event', async () => {
    const rows = await store.db.selectFrom('events').select(['event_type', 'payload']).execute()
    expect(rows.some((r) => r.event_type === 'access_code.set_on_device')).toBe(true)
    for (const row of rows) expect(row.payload, row.event_type).not.toContain(pin)
  })
})

describe('a member', () => {
  it('sees the PIN masked in every answer, and the answers still match Seam’s schemas', async () => {
    const got = await asSession(memberCookie, '/access_codes/get', { access_code_id: accessCodeId })
    expect(got.status).toBe(200)
    const code = got.body.access_code as Json
    expect(code.code).toBe(MASKED_PIN)
    expectSeamShape('access_code', code)

    const listed = await asSession(memberCookie, '/access_codes/list', { device_id: deviceId })
    const codes = listed.body.access_codes as Json[]
    expect(codes.map((c) => c.code)).toEqual([MASKED_PIN])
    expectSeamShapes('access_code', codes)

    const events = await asSession(memberCookie, '/events/list', {
      access_code_id: accessCodeId,
      since: '2026-01-01T00:00:00Z',
    })
    const list = events.body.events as Json[]
    expect(list.find((e) => e.event_type === 'access_code.set_on_device')?.code).toBe(MASKED_PIN)
    expectSeamShapes('event', list)

    const explained = await asSession(memberCookie, '/access_codes/explain', { access_code_id: accessCodeId })
    expect(JSON.stringify(explained.body)).not.toContain(pin)
    expect(String((explained.body.explanation as Json).headline)).toContain(`PIN ${MASKED_PIN}`)
  })

  it('gets a list under its own ETag, and a 304 for it', async () => {
    const send = (cookie: string, etag?: string) =>
      fetch(`${server.endpoint}/access_codes/list`, {
        method: 'POST',
        headers: {
          'latchkey-client': 'dashboard',
          'content-type': 'application/json',
          cookie,
          'latchkey-workspace-id': ws.workspace_id,
          ...(etag === undefined ? {} : { 'if-none-match': etag }),
        },
        body: JSON.stringify({ device_id: deviceId }),
      })
    const adminEtag = (await send(adminCookie)).headers.get('etag') ?? ''
    const first = await send(memberCookie)
    const memberEtag = first.headers.get('etag') ?? ''
    expect(memberEtag).not.toBe('')
    expect(memberEtag).not.toBe(adminEtag)
    expect((await send(memberCookie, memberEtag)).status).toBe(304)
    // The admin's ETag does not fit the member's body: a full answer, masked.
    const other = await send(memberCookie, adminEtag)
    expect(other.status).toBe(200)
    expect(await other.text()).not.toContain(pin)
  })

  it('sees unmanaged codes and deleted codes still on the lock masked', async () => {
    await api.ok('/access_codes/simulate/create_unmanaged_access_code', {
      device_id: deviceId,
      name: 'Typed at the lock',
      code: '97531',
    })
    const unmanaged = await asSession(memberCookie, '/access_codes/unmanaged/list', { device_id: deviceId })
    const codes = unmanaged.body.access_codes as Json[]
    expect(codes.length).toBeGreaterThan(0)
    expect(codes.every((c) => c.code === MASKED_PIN)).toBe(true)
    expectSeamShapes('unmanaged_access_code', codes)
    expect(JSON.stringify(unmanaged.body)).not.toContain('97531')
  })

  it('reveals a PIN on request, and the activity records who revealed which code, and when', async () => {
    clock.advance(60_000)
    const revealed = await asSession(memberCookie, '/access_codes/reveal_code', { access_code_id: accessCodeId })
    expect(revealed.status).toBe(200)
    expect(revealed.body).toMatchObject({ access_code_id: accessCodeId, code: pin, ok: true })

    const logged = await listLoggedEvents(ctx(), {
      access_code_id: accessCodeId,
      event_type: 'access_code.pin_revealed',
      since: '2026-01-01T00:00:00Z',
      limit: 10,
    })
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatchObject({
      access_code_id: accessCodeId,
      device_id: deviceId,
      revealed_by_email: 'max@example.com',
      occurred_at: clock.now().toISOString(),
    })
    expect(JSON.stringify(logged[0])).not.toContain(pin)
    // Seam's API knows no such event: /events/list leaves it out.
    const { events } = await api.ok<{ events: Json[] }>('/events/list', {
      access_code_id: accessCodeId,
      since: '2026-01-01T00:00:00Z',
    })
    expect(events.some((e) => e.event_type === 'access_code.pin_revealed')).toBe(false)
  })

  it('cannot reveal a code of another workspace, or one that does not exist', async () => {
    const theirs = await new HttpClient(server.endpoint, other.api_key).ok<{ access_code: Json }>(
      '/access_codes/create',
      { device_id: other.device_ids[0] ?? '', name: 'Theirs' },
    )
    const refused = await asSession(memberCookie, '/access_codes/reveal_code', {
      access_code_id: String(theirs.access_code.access_code_id),
    })
    expect(refused.status).toBe(404)
    expect((refused.body.error as Json).type).toBe('access_code_not_found')
    const neither = await asSession(memberCookie, '/access_codes/reveal_code', {})
    expect(neither.status).toBe(400)
    expect((neither.body.error as Json).type).toBe('invalid_input')
  })

  it('gets the dashboard’s page data masked too (lock page, code page, edit form)', async () => {
    const lockPage = pinsFor('member', await loadLockPage(ctx(), deviceId))
    expect(JSON.stringify(lockPage)).not.toContain(pin)
    expect(lockPage.accessCodes.access_codes[0]?.code).toBe(MASKED_PIN)
    const codePage = pinsFor('member', await loadCodePage(ctx(), accessCodeId))
    expect(JSON.stringify(codePage)).not.toContain(pin)
    const editPage = pinsFor('member', await loadEditCodePage(ctx(), accessCodeId))
    expect(editPage.defaultValues.code).toBe(MASKED_PIN)
    // An admin's pages are as they were.
    expect(pinsFor('admin', await loadLockPage(ctx(), deviceId)).accessCodes.access_codes[0]?.code).toBe(pin)
  })
})

describe('events stored before this change', () => {
  it('lose their PINs in migration 0012, the rest of the payload kept', async () => {
    const eventId = await recordEvent(store.db, clock, {
      workspaceId: ws.workspace_id,
      eventType: 'access_code.backup_access_code_pulled',
      accessCodeId,
      payload: { backup_access_code_id: accessCodeId },
    })
    // As an older Latchkey stored it.
    await store.db
      .updateTable('events')
      .set({ payload: JSON.stringify({ code: '24680', backup_access_code_id: accessCodeId }) })
      .where('event_id', '=', eventId)
      .execute()
    await stripPinsFromEvents(store.db as never)
    const row = await store.db
      .selectFrom('events')
      .select('payload')
      .where('event_id', '=', eventId)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(row.payload)).toEqual({ backup_access_code_id: accessCodeId })
  })
})
