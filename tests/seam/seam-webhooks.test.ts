import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import { connectSeam, seamConnectionStatus } from '@/lib/seam/connections'
import { seamDb } from '@/lib/seam/seam-tables'
import { syncSeamLocks } from '@/lib/seam/sync-locks'
import { createWebhookRateLimiter, type WebhookRateLimiter } from '@/lib/seam/webhook-rate-limit'
import { receiveSeamWebhook, WEBHOOK_TOLERANCE_MS } from '@/lib/seam/webhooks'
import { handleSeamWebhook } from '@/lib/server/seam-webhook'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startFakeSeam, type FakeSeam } from '@/tests/support/fake-seam'
import { newWebhookSecret, svixHeaders } from '@/tests/support/svix'
import { openTestStore } from '@/tests/support/test-store'

// POST /webhooks/seam (its handler, with Request objects as Next.js passes them): Svix signatures checked, old and
// replayed deliveries refused, and a good one refreshes the lock at once — on the store TEST_STORE names.

let store: Store
let seam: FakeSeam
const clock = new ManualClock('2026-03-02T12:00:00.000Z')
const secretKey = crypto.randomBytes(32)
const webhookSecret = newWebhookSecret()
let ctx: ServiceContext
let seamDeviceId: string
let deviceId: string

const sync = (c: ServiceContext) => syncSeamLocks(c.db, c.clock, c.workspaceId, secretKey)

async function post(body: string, headers: Record<string, string>, limiter?: WebhookRateLimiter) {
  const request = new Request('http://127.0.0.1/webhooks/seam', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
  const response = await handleSeamWebhook(
    request,
    (delivery) => receiveSeamWebhook({ db: store.db, clock, secretKey: () => secretKey }, delivery),
    limiter,
  )
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Record<string, unknown>,
  }
}

const errorType = (answer: { body: Record<string, unknown> }) => (answer.body.error as { type?: string }).type

const event = (type: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    event_id: crypto.randomUUID(),
    event_type: type,
    workspace_id: seam.workspaceId,
    device_id: seamDeviceId,
    created_at: clock.now().toISOString(),
    occurred_at: clock.now().toISOString(),
    ...extra,
  })

const syncJob = () =>
  store.db.selectFrom('sync_jobs').selectAll().where('device_id', '=', deviceId).executeTakeFirstOrThrow()

beforeAll(async () => {
  store = await openTestStore()
  seam = await startFakeSeam()
  seamDeviceId = seam.fake.database.addDevice({
    workspace_id: seam.workspaceId,
    connected_account_id: seam.connectedAccountId,
    device_type: 'august_lock',
    name: 'Front door',
    display_name: 'Front door',
    can_program_online_access_codes: true,
    properties: { online: true } as never,
  }).device_id
  const workspace = await createWorkspace(store.db, clock, { name: 'Seam webhooks', sandboxDevices: 0 })
  ctx = { db: store.db, clock, workspaceId: workspace.workspace_id }
  await connectSeam(
    ctx,
    { api_key: seam.apiKey, endpoint: seam.endpoint, webhook_secret: webhookSecret },
    { secretKey, sync },
  )
  const link = await seamDb(store.db)
    .selectFrom('seam_objects')
    .select('latchkey_id')
    .where('seam_id', '=', seamDeviceId)
    .executeTakeFirstOrThrow()
  deviceId = link.latchkey_id
})

afterAll(async () => {
  await seam?.close()
  await store?.close()
})

describe('Seam webhooks', () => {
  test('the webhook secret is stored encrypted and the connection says webhooks are accepted', async () => {
    expect((await seamConnectionStatus(ctx))?.webhook_secret_set).toBe(true)
    const row = await seamDb(store.db).selectFrom('seam_connections').selectAll().executeTakeFirstOrThrow()
    expect(row.webhook_secret_ciphertext).not.toBeNull()
    expect(row.webhook_secret_ciphertext).not.toContain(webhookSecret.slice(6))
  })

  test('a well-signed event about a code asks for a pass over its lock at once', async () => {
    const before = await syncJob()
    const body = event('access_code.set', { access_code_id: crypto.randomUUID() })
    const answer = await post(body, svixHeaders(webhookSecret, body, clock.now()))
    expect(answer).toMatchObject({ status: 200, body: { ok: true, workspaces: 1, devices: 1 } })
    const after = await syncJob()
    expect(after.request_seq).toBe(before.request_seq + 1)
    expect(after.due_at).toBe(clock.now().toISOString())
  })

  test('an event about a lock going offline syncs the locks at once: the lock shows offline', async () => {
    seam.fake.database.updateDevice({ device_id: seamDeviceId, properties: { online: false } as never })
    const body = event('device.disconnected')
    const answer = await post(body, svixHeaders(webhookSecret, body, clock.now()))
    expect(answer.status).toBe(200)
    const device = await store.db
      .selectFrom('devices')
      .select('online')
      .where('device_id', '=', deviceId)
      .executeTakeFirstOrThrow()
    expect(device.online).toBe(0)
  })

  test('a bad signature, another secret, or a changed body is refused (401) and changes nothing', async () => {
    const before = await syncJob()
    const body = event('access_code.set')
    const headers = svixHeaders(webhookSecret, body, clock.now())
    const tampered = await post(body.replace('access_code.set', 'access_code.removed_from_device'), headers)
    expect(tampered.status).toBe(401)
    expect(errorType(tampered)).toBe('unauthorized')
    const otherSecret = await post(body, svixHeaders(newWebhookSecret(), body, clock.now()))
    expect(otherSecret.status).toBe(401)
    const garbled = await post(body, { ...headers, 'svix-signature': 'v1,bm90IGEgc2lnbmF0dXJl' })
    expect(garbled.status).toBe(401)
    expect((await syncJob()).request_seq).toBe(before.request_seq)
  })

  test('a delivery older (or newer) than 5 minutes is refused, even well signed', async () => {
    const body = event('access_code.set')
    const old = await post(
      body,
      svixHeaders(webhookSecret, body, new Date(clock.now().getTime() - WEBHOOK_TOLERANCE_MS - 1000)),
    )
    expect(old.status).toBe(401)
    expect((old.body.error as { message: string }).message).toMatch(/5 minutes/)
    const future = await post(
      body,
      svixHeaders(webhookSecret, body, new Date(clock.now().getTime() + WEBHOOK_TOLERANCE_MS + 1000)),
    )
    expect(future.status).toBe(401)
    const justInTime = await post(
      body,
      svixHeaders(webhookSecret, body, new Date(clock.now().getTime() - WEBHOOK_TOLERANCE_MS + 1000)),
    )
    expect(justInTime.status).toBe(200)
  })

  test('a replayed delivery (same svix-id) is refused with 409 webhook_replayed; the id is forgotten once too old', async () => {
    const body = event('access_code.set')
    const headers = svixHeaders(webhookSecret, body, clock.now(), 'msg_replay_1')
    expect((await post(body, headers)).status).toBe(200)
    const before = await syncJob()
    const replay = await post(body, headers)
    expect(replay.status).toBe(409)
    expect(errorType(replay)).toBe('webhook_replayed')
    expect((await syncJob()).request_seq).toBe(before.request_seq)
    // Once its timestamp is out of range its row goes: the next delivery clears it.
    clock.advance(WEBHOOK_TOLERANCE_MS + 2 * 60_000)
    const later = event('access_code.set')
    expect((await post(later, svixHeaders(webhookSecret, later, clock.now()))).status).toBe(200)
    const kept = await seamDb(store.db)
      .selectFrom('seam_webhook_deliveries')
      .select('webhook_id')
      .where('webhook_id', '=', 'msg_replay_1')
      .execute()
    expect(kept).toEqual([])
  })

  test('missing headers, a bad timestamp and a body that is not JSON are 400 invalid_input naming the problem', async () => {
    const body = event('access_code.set')
    const headers = svixHeaders(webhookSecret, body, clock.now())
    const { 'svix-signature': _omitted, ...unsigned } = headers
    const missing = await post(body, unsigned)
    expect(missing.status).toBe(400)
    expect((missing.body.error as { message: string }).message).toMatch(/svix-signature/)
    const badTime = await post(body, { ...headers, 'svix-timestamp': 'yesterday' })
    expect(badTime.status).toBe(400)
    expect((badTime.body.error as { message: string }).message).toMatch(/svix-timestamp/)
    const notJson = await post('{"event', svixHeaders(webhookSecret, '{"event', clock.now()))
    expect(notJson.status).toBe(400)
    expect(errorType(notJson)).toBe('invalid_input')
  })

  test('each address has a budget: past it, 429 too_many_requests with Retry-After, before any signature check', async () => {
    // The real limiter (rate-limiter-flexible) with a small budget: 2 a second, then 1 more over ten seconds.
    const limiter = createWebhookRateLimiter({ perSecond: 2, burst: 1 })
    const from = (address: string) => ({ 'x-forwarded-for': address })
    const before = await syncJob()
    const answers = []
    for (let i = 0; i < 3; i++) {
      const body = event('access_code.set')
      answers.push(
        await post(body, { ...svixHeaders(webhookSecret, body, clock.now()), ...from('203.0.113.7') }, limiter),
      )
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])
    const body = event('access_code.set')
    const refused = await post(
      body,
      { ...svixHeaders(webhookSecret, body, clock.now()), ...from('203.0.113.7') },
      limiter,
    )
    expect(refused.status).toBe(429)
    expect(errorType(refused)).toBe('too_many_requests')
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1)
    expect((refused.body.error as { message: string }).message).toMatch(/webhook deliveries/)
    // Not acted on: three passes asked for, not four.
    expect((await syncJob()).request_seq).toBe(before.request_seq + 3)
    // Unsigned guesses spend the budget too; another address has its own.
    expect((await post('{}', from('198.51.100.9'), limiter)).status).toBe(400)
    expect((await post('{}', from('198.51.100.9'), limiter)).status).toBe(400)
    expect((await post('{}', from('198.51.100.9'), limiter)).status).toBe(400)
    expect((await post('{}', from('198.51.100.9'), limiter)).status).toBe(429)
    expect(
      (await post(body, { ...svixHeaders(webhookSecret, body, clock.now()), ...from('192.0.2.1') }, limiter)).status,
    ).toBe(200)
  })
})
