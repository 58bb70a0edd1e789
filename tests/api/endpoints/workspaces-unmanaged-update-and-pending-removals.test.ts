import { describe, expect, it } from 'vitest'
import { addMembership, createUser } from '@/lib/auth/users'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import {
  actionAttempt,
  advance,
  clock,
  createCode,
  deleteCode,
  deviceOf,
  failure,
  getCode,
  http,
  MINUTE,
  sdkError,
  seam,
  server,
  settle,
  store,
  workspace,
} from '@/tests/support/simulation-api'

// Three endpoints no other test calls: /workspaces/list, /access_codes/unmanaged/update and
// /access_codes/pending_removals/list (Latchkey's own list of deleted codes still on their lock).

interface Listed {
  access_code_id: string
  status: string
  name: string | null
}

async function storedModificationFlag(accessCodeId: string): Promise<number> {
  const row = await store.db
    .selectFrom('access_codes')
    .select('is_external_modification_allowed')
    .where('access_code_id', '=', accessCodeId)
    .executeTakeFirstOrThrow()
  return Number(row.is_external_modification_allowed)
}

async function pendingRemovals(deviceId: string): Promise<Listed[]> {
  return (await http.ok<{ access_codes: Listed[] }>('/access_codes/pending_removals/list', { device_id: deviceId }))
    .access_codes
}

async function listedIds(deviceId: string): Promise<string[]> {
  return (await seam.accessCodes.list({ device_id: deviceId })).map((c) => c.access_code_id)
}

describe('/workspaces/list', () => {
  it("answers an API key with its own workspace, and nobody else's", async () => {
    await createWorkspace(store.db, clock, { name: 'Another one', sandboxDevices: 0 })
    const { workspaces } = await http.ok<{ workspaces: unknown[] }>('/workspaces/list')
    expect(workspaces).toEqual([
      { workspace_id: workspace.workspace_id, name: 'Simulations', created_at: clock.now().toISOString() },
    ])
    expect(failure(await http.fail('/workspaces/list', { workspace_id: workspace.workspace_id }))).toEqual({
      status: 400,
      type: 'invalid_input',
    })
  })

  it('answers a signed-in person with every workspace they belong to, by name, with their role in each', async () => {
    const other = await createWorkspace(store.db, clock, { name: 'Beach houses', sandboxDevices: 0 })
    await createWorkspace(store.db, clock, { name: 'Not theirs', sandboxDevices: 0 })
    const user = await createUser(store.db, clock, { email: 'kim@example.com', password: 'correct horse battery' })
    await addMembership(store.db, clock, user.user_id, workspace.workspace_id, 'member')
    await addMembership(store.db, clock, user.user_id, other.workspace_id, 'admin')
    const dashboard = { 'latchkey-client': 'dashboard', 'content-type': 'application/json' }
    const signedIn = await fetch(`${server.endpoint}/auth/sign_in`, {
      method: 'POST',
      headers: dashboard,
      body: JSON.stringify({ email: 'kim@example.com', password: 'correct horse battery' }),
    })
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const listed = await fetch(`${server.endpoint}/workspaces/list`, {
      headers: { cookie, 'latchkey-workspace-id': workspace.workspace_id },
    })
    expect(listed.status).toBe(200)
    expect(((await listed.json()) as { workspaces: unknown[] }).workspaces).toEqual([
      { workspace_id: other.workspace_id, name: 'Beach houses', is_sandbox: true, role: 'admin' },
      { workspace_id: workspace.workspace_id, name: 'Simulations', is_sandbox: true, role: 'member' },
    ])
  })
})

describe('/access_codes/unmanaged/update', () => {
  async function unmanagedCode(deviceId: string, code: string): Promise<string> {
    const { access_code } = await http.ok<{ access_code: { access_code_id: string } }>(
      '/access_codes/simulate/create_unmanaged_access_code',
      { device_id: deviceId, code, name: 'Old cleaner' },
    )
    return access_code.access_code_id
  }

  it('with is_managed false records whether outside changes are allowed and leaves the code unmanaged; is_managed is required', async () => {
    const deviceId = deviceOf('schlage')
    const accessCodeId = await unmanagedCode(deviceId, '4826')
    expect(await storedModificationFlag(accessCodeId)).toBe(0)

    await seam.accessCodes.unmanaged.update({
      access_code_id: accessCodeId,
      is_managed: false,
      is_external_modification_allowed: true,
    })
    expect(await storedModificationFlag(accessCodeId)).toBe(1)
    // Saying nothing about it changes nothing.
    await seam.accessCodes.unmanaged.update({ access_code_id: accessCodeId, is_managed: false })
    expect(await storedModificationFlag(accessCodeId)).toBe(1)
    // Seam's older name for the same flag.
    await seam.accessCodes.unmanaged.update({
      access_code_id: accessCodeId,
      is_managed: false,
      allow_external_modification: false,
    })
    expect(await storedModificationFlag(accessCodeId)).toBe(0)

    expect(await seam.accessCodes.unmanaged.get({ access_code_id: accessCodeId })).toMatchObject({
      code: '4826',
      is_managed: false,
    })
    expect(await listedIds(deviceId)).not.toContain(accessCodeId)

    // The flag recorded while unmanaged is what the code keeps when it is taken under management without one.
    const other = await unmanagedCode(deviceId, '6938')
    await seam.accessCodes.unmanaged.update({
      access_code_id: other,
      is_managed: false,
      is_external_modification_allowed: true,
    })
    await seam.accessCodes.unmanaged.convertToManaged({ access_code_id: other })
    expect(await getCode(other)).toMatchObject({ is_managed: true, is_external_modification_allowed: true })

    // is_managed is required: without it nothing changes, and the answer names the field.
    const refused = await http.fail('/access_codes/unmanaged/update', {
      access_code_id: accessCodeId,
      is_external_modification_allowed: true,
    })
    expect(failure(refused)).toEqual({ status: 400, type: 'invalid_input' })
    expect(refused.message).toContain('is_managed')
    expect(await storedModificationFlag(accessCodeId)).toBe(0)
  })

  it('with is_managed true takes the code under management, as convert_to_managed does', async () => {
    const deviceId = deviceOf('kwikset')
    const accessCodeId = await unmanagedCode(deviceId, '5937')
    await seam.accessCodes.unmanaged.update({
      access_code_id: accessCodeId,
      is_managed: true,
      is_external_modification_allowed: true,
    })
    expect(await getCode(accessCodeId)).toMatchObject({
      code: '5937',
      is_managed: true,
      is_external_modification_allowed: true,
    })
    expect(await listedIds(deviceId)).toContain(accessCodeId)
    expect(await sdkError(seam.accessCodes.unmanaged.get({ access_code_id: accessCodeId }))).toEqual({
      status: 404,
      type: 'access_code_not_found',
    })
    // Now managed: not an unmanaged code to update any more.
    expect(
      failure(await http.fail('/access_codes/unmanaged/update', { access_code_id: accessCodeId, is_managed: false })),
    ).toEqual({ status: 404, type: 'access_code_not_found' })
  })
})

describe('/access_codes/pending_removals/list', () => {
  it('shows a deleted code as removing until the lock lets go of it, then no more', async () => {
    const deviceId = deviceOf('august')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Old guest', code: '7153' })
    const kept = await createCode({ device_id: deviceId, name: 'Owner', code: '2468' })
    await settle()
    expect((await getCode(access_code.access_code_id)).status).toBe('set')
    expect(await pendingRemovals(deviceId)).toEqual([])

    // The lock turns down the first removal: the code stays on the keypad until the retry.
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, remove: 1 })
    const attempt = await deleteCode(access_code.access_code_id)
    expect(await listedIds(deviceId)).toEqual([kept.access_code.access_code_id])
    const pending = await pendingRemovals(deviceId)
    expect(pending.map((c) => [c.access_code_id, c.status, c.name])).toEqual([
      [access_code.access_code_id, 'removing', 'Old guest'],
    ])
    await settle()
    expect((await pendingRemovals(deviceId)).map((c) => c.access_code_id)).toEqual([access_code.access_code_id])
    expect((await actionAttempt(attempt.action_attempt_id)).status).toBe('pending')

    await advance(30 * MINUTE)
    expect(await pendingRemovals(deviceId)).toEqual([])
    expect((await actionAttempt(attempt.action_attempt_id)).status).toBe('success')
    expect(await listedIds(deviceId)).toEqual([kept.access_code.access_code_id])

    const unknownLock = await http.fail('/access_codes/pending_removals/list', {
      device_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b',
    })
    expect(failure(unknownLock)).toEqual({ status: 404, type: 'device_not_found' })
  })
})
