import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import { DomainError } from '@/lib/errors/domain-error'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import { createProviderResolver } from '@/lib/locks/providers'
import { listProblems } from '@/lib/problems/list-problems'
import { connectSeam, disconnectSeam, seamConnectionStatus } from '@/lib/seam/connections'
import { seamDb } from '@/lib/seam/seam-tables'
import { syncSeamLocks } from '@/lib/seam/sync-locks'
import { Reconciler } from '@/lib/sync/reconciler'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startFakeSeam, type FakeSeam } from '@/tests/support/fake-seam'
import { expectSeamShape } from '@/tests/support/seam-schemas'
import { openTestStore } from '@/tests/support/test-store'

// A Latchkey workspace backed by @seamapi/fake-seam-connect (on 127.0.0.1): connect, import locks, codes going to
// Seam through the SDK and mirrored back, removals, Seam down and a revoked key — on the store TEST_STORE names.

let store: Store
let seam: FakeSeam
const clock = new ManualClock('2026-03-02T12:00:00.000Z')
const secretKey = crypto.randomBytes(32)
let ctx: ServiceContext
let reconciler: Reconciler
let frontDoorSeamId: string
let backDoorSeamId: string

const sync = (c: ServiceContext) => syncSeamLocks(c.db, c.clock, c.workspaceId, secretKey)
const settle = () => reconciler.runUntilIdle()
const advance = async (ms: number) => {
  clock.advance(ms)
  await reconciler.runUntilIdle()
}

async function latchkeyDeviceOf(seamDeviceId: string): Promise<string> {
  const link = await seamDb(store.db)
    .selectFrom('seam_objects')
    .select('latchkey_id')
    .where('seam_id', '=', seamDeviceId)
    .where('object_type', '=', 'device')
    .executeTakeFirstOrThrow()
  return link.latchkey_id
}

const codeRow = (id: string) =>
  store.db.selectFrom('access_codes').selectAll().where('access_code_id', '=', id).executeTakeFirstOrThrow()

const problems = async () => (await listProblems(ctx, { limit: 100 })).problems

const seamCodes = (seamDeviceId: string) => seam.fake.database.access_codes.filter((c) => c.device_id === seamDeviceId)

beforeAll(async () => {
  store = await openTestStore()
  seam = await startFakeSeam()
  const db = seam.fake.database
  frontDoorSeamId = db.addDevice({
    workspace_id: seam.workspaceId,
    connected_account_id: seam.connectedAccountId,
    device_type: 'august_lock',
    name: 'Front door',
    display_name: 'Front door',
    can_program_online_access_codes: true,
    properties: {
      online: true,
      supported_code_lengths: [4, 5, 6],
      max_active_codes_supported: 30,
      code_constraints: [{ constraint_type: 'no_zeros' }],
      model: { display_name: 'Smart Lock Pro', manufacturer_display_name: 'August' },
    } as never,
  }).device_id
  backDoorSeamId = db.addDevice({
    workspace_id: seam.workspaceId,
    connected_account_id: seam.connectedAccountId,
    device_type: 'schlage_lock',
    name: 'Back door',
    display_name: 'Back door',
    can_program_online_access_codes: true,
    properties: { online: true } as never,
  }).device_id
  // Not a lock that holds codes: a thermostat stays out.
  db.addDevice({
    workspace_id: seam.workspaceId,
    connected_account_id: seam.connectedAccountId,
    device_type: 'ecobee_thermostat',
    name: 'Hall thermostat',
    can_program_online_access_codes: false,
    properties: { online: true } as never,
  })
  const workspace = await createWorkspace(store.db, clock, { name: 'Seam-backed', sandboxDevices: 0 })
  ctx = { db: store.db, clock, workspaceId: workspace.workspace_id }
  reconciler = new Reconciler({
    db: store.db,
    engine: store.engine,
    clock,
    providerFor: createProviderResolver({ db: store.db, clock, sandboxLatencyScale: 0, secretKey: () => secretKey }),
    log: () => undefined,
  })
})

afterAll(async () => {
  await seam?.close()
  await store?.close()
})

describe('a workspace backed by a Seam workspace', () => {
  test('a key Seam refuses is refused, naming the field, and nothing is stored', async () => {
    const refused = await connectSeam(
      ctx,
      { api_key: 'seam_not_a_real_key', endpoint: seam.endpoint },
      { secretKey, sync },
    ).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(DomainError)
    expect((refused as DomainError).type).toBe('invalid_input')
    expect((refused as DomainError).fieldErrors.api_key?.[0]).toMatch(/Seam refused this API key/)
    expect(await seamConnectionStatus(ctx)).toBeNull()
  })

  test('connecting checks the key with Seam, stores it encrypted, and imports the locks that hold codes', async () => {
    const view = await connectSeam(ctx, { api_key: seam.apiKey, endpoint: seam.endpoint }, { secretKey, sync })
    expect(view).toMatchObject({ status: 'connected', api_key_last4: seam.apiKey.slice(-4), locks_imported: 2 })
    expect(JSON.stringify(view)).not.toContain(seam.apiKey)
    const stored = await seamDb(store.db).selectFrom('seam_connections').selectAll().executeTakeFirstOrThrow()
    expect(stored.api_key_ciphertext).not.toContain(seam.apiKey)
    expect(seam.requests.some((r) => r.path === '/workspaces/get')).toBe(true)

    const front = await store.db
      .selectFrom('devices')
      .innerJoin('properties', 'properties.property_id', 'devices.property_id')
      .selectAll('devices')
      .select(['properties.name as property_name'])
      .where('device_id', '=', await latchkeyDeviceOf(frontDoorSeamId))
      .executeTakeFirstOrThrow()
    expect(front).toMatchObject({
      display_name: 'Front door',
      provider: 'august',
      manufacturer: 'August',
      model_name: 'Smart Lock Pro',
      is_sandbox: 0,
      online: 1,
      max_active_codes_supported: 30,
      supported_code_lengths: '[4,5,6]',
      code_constraints: JSON.stringify([{ constraint_type: 'no_zeros' }]),
      property_name: 'Seam — UTC',
    })
  })

  test('a code created in Latchkey reaches Seam as the SDK sends it, and is `set` only once Seam says so', async () => {
    const deviceId = await latchkeyDeviceOf(frontDoorSeamId)
    const created = await createAccessCode(ctx, { device_id: deviceId, code: '4821', name: 'Cleaner' } as never)
    const id = (created as { access_code: { access_code_id: string } }).access_code.access_code_id
    await settle()
    const createCall = seam.requests.find((r) => r.path === '/access_codes/create')
    expect(createCall?.body).toEqual({ device_id: frontDoorSeamId, code: '4821', name: 'Cleaner' })
    expect(seamCodes(frontDoorSeamId)).toHaveLength(1)
    // Seam is still `setting` it: not on the keypad yet.
    expect((await codeRow(id)).status).toBe('setting')

    // Retried while Seam still works on it: no second code in Seam.
    await advance(6_000)
    expect(seamCodes(frontDoorSeamId)).toHaveLength(1)
    expect((await codeRow(id)).status).toBe('setting')

    const seamCode = seamCodes(frontDoorSeamId)[0]
    if (seamCode === undefined) throw new Error('no code in Seam')
    seam.fake.database.updateAccessCode({ access_code_id: seamCode.access_code_id, status: 'set' })
    await advance(60_000)
    const row = await codeRow(id)
    expect(row.status).toBe('set')
    expect(row.provider_code_id).toBe(seamCode.access_code_id)

    // Deleting it removes it in Seam too.
    await deleteAccessCode(ctx, { access_code_id: id })
    await settle()
    expect(seam.requests.some((r) => r.path === '/access_codes/delete')).toBe(true)
    expect(seamCodes(frontDoorSeamId)).toHaveLength(0)
    expect((await codeRow(id)).status).toBe('deleted')
  })

  test('Seam down: the code waits with the spec’s delay warning (a valid Seam access code), codes on the lock are left alone, nothing is lost', async () => {
    const deviceId = await latchkeyDeviceOf(backDoorSeamId)
    // A code already on the lock before Seam goes down.
    const before = await createAccessCode(ctx, { device_id: deviceId, code: '2468', name: 'Owner' } as never)
    const beforeId = (before as { access_code: { access_code_id: string } }).access_code.access_code_id
    await settle()
    const first = seamCodes(backDoorSeamId)[0]
    if (first === undefined) throw new Error('no code in Seam')
    seam.fake.database.updateAccessCode({ access_code_id: first.access_code_id, status: 'set' })
    await advance(60_000)
    expect((await codeRow(beforeId)).status).toBe('set')

    seam.outage(['/access_codes/create', '/access_codes/list', '/devices/get'])
    const created = await createAccessCode(ctx, { device_id: deviceId, code: '7351', name: 'Guest' } as never)
    const id = (created as { access_code: { access_code_id: string } }).access_code.access_code_id
    await settle()
    let row = await codeRow(id)
    expect(row.status).toBe('setting')
    const warningCodes = (r: { warnings: string }) =>
      (JSON.parse(r.warnings) as { warning_code: string }[]).map((w) => w.warning_code)
    expect(warningCodes(row)).toEqual(['delay_in_setting_on_device'])
    expect(JSON.parse(row.errors)).toEqual([])
    // What the API answers for it is an access code as Seam defines it (its warnings are a closed list).
    expectSeamShape('access_code', toAccessCodeObject(row, false))
    // The code already on the lock is as Seam last reported it: set, no warning, no error.
    const onLock = await codeRow(beforeId)
    expect(onLock).toMatchObject({ status: 'set', warnings: '[]', errors: '[]' })
    expectSeamShape('access_code', toAccessCodeObject(onLock, false))
    expect((await seamConnectionStatus(ctx))?.status).toBe('unreachable')
    expect(seamCodes(backDoorSeamId)).toHaveLength(1)
    // The problems queue says so, once per Seam lock, with what to do.
    const outage = (await problems()).filter((p) => p.kind === 'seam_connection')
    expect(outage.map((p) => p.device_id).sort()).toEqual([deviceId, await latchkeyDeviceOf(frontDoorSeamId)].sort())
    expect(outage[0]).toMatchObject({ title: 'Seam cannot be reached', severity: 'problem' })
    expect(outage[0]?.remedy).toMatch(/retries by itself/)

    seam.outage([])
    await advance(10 * 60_000)
    expect(seamCodes(backDoorSeamId)).toHaveLength(2)
    const seamCode = seamCodes(backDoorSeamId).find((c) => c.code === '7351')
    if (seamCode === undefined) throw new Error('no code in Seam')
    seam.fake.database.updateAccessCode({ access_code_id: seamCode.access_code_id, status: 'set' })
    await advance(10 * 60_000)
    row = await codeRow(id)
    expect(row.status).toBe('set')
    expect(JSON.parse(row.warnings)).toEqual([])
    expect((await seamConnectionStatus(ctx))?.status).toBe('connected')
    expect((await problems()).filter((p) => p.kind === 'seam_connection')).toEqual([])
    await deleteAccessCode(ctx, { access_code_id: beforeId })
    await settle()
  })

  test('a lock renamed in Seam is renamed here; one removed there is removed here', async () => {
    seam.fake.database.updateDevice({ device_id: frontDoorSeamId, display_name: 'Front door (new)' })
    seam.fake.database.deleteDevice(backDoorSeamId)
    const outcome = await sync(ctx)
    expect(outcome).toMatchObject({ removed: 1 })
    const front = await store.db
      .selectFrom('devices')
      .selectAll()
      .where('device_id', '=', await latchkeyDeviceOf(frontDoorSeamId))
      .executeTakeFirstOrThrow()
    expect(front.display_name).toBe('Front door (new)')
    const back = await store.db
      .selectFrom('devices')
      .selectAll()
      .where('device_id', '=', await latchkeyDeviceOf(backDoorSeamId))
      .executeTakeFirstOrThrow()
    expect(back.removed_at).not.toBeNull()
    expect((await seamConnectionStatus(ctx))?.locks_imported).toBe(1)
  })

  test('a revoked key shows on the connection and on the codes (account_disconnected), and a new key clears it', async () => {
    const deviceId = await latchkeyDeviceOf(frontDoorSeamId)
    const created = await createAccessCode(ctx, { device_id: deviceId, code: '5932', name: 'Owner' } as never)
    const id = (created as { access_code: { access_code_id: string } }).access_code.access_code_id
    const state = await seam.fake.toJSON()
    await seam.fake.loadJSON({ ...state, api_keys: state.api_keys.filter((k) => k.token !== seam.apiKey) })
    await settle()
    const status = await seamConnectionStatus(ctx)
    expect(status?.status).toBe('unauthorized')
    expect(status?.last_error).toMatch(/401/)
    await advance(60_000)
    const row = await codeRow(id)
    expect(row.status).toBe('unknown')
    expect(JSON.parse(row.errors).map((e: { error_code: string }) => e.error_code)).toContain('account_disconnected')
    // In the queue: the account disconnected, and how to fix it is a new Seam API key.
    const revoked = (await problems()).find((p) => p.kind === 'account_disconnected')
    const reconnect = revoked?.actions.find((a) => a.action === 'reconnect_account')
    expect(reconnect && 'instructions' in reconnect ? reconnect.instructions : '').toMatch(
      /new API key in the Seam console/,
    )

    const fresh = seam.fake.database.addApiKey({ workspace_id: seam.workspaceId, token: 'seam_fresh_key_1234' })
    await connectSeam(ctx, { api_key: fresh.token ?? '', endpoint: seam.endpoint }, { secretKey, sync })
    await settle()
    const after = await codeRow(id)
    expect(after.status).not.toBe('unknown')
    expect(JSON.parse(after.errors)).toEqual([])
  })

  test('disconnecting forgets the key and keeps the codes', async () => {
    expect(await disconnectSeam(ctx)).toEqual({ disconnected: true })
    expect(await seamConnectionStatus(ctx)).toBeNull()
    expect(await disconnectSeam(ctx)).toEqual({ disconnected: false })
  })
})
