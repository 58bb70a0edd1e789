// Issue 12 (mutation score of lib/access-codes/update-access-code.ts), over HTTP: what /access_codes/update does to
// the fields it was not asked about, the flags it sets, when its action attempt waits for the lock, the backup pool
// it fills and releases; and the windows /access_codes/update_multiple refuses.
import { describe, expect, it } from 'vitest'
import type { AccessCode } from '@/lib/schemas/access-code'
import {
  type Workspace,
  clock,
  store,
  profileOf,
  workspaceWith,
  expectError,
  expectInvalidFields,
  expectOk,
  create,
  createMultiple,
  get,
  list,
  inHours,
} from '@/tests/support/rules-api'

const HOUR = 3_600_000

async function update(ws: Workspace<readonly string[]>, body: Record<string, unknown>): Promise<string | undefined> {
  return expectOk(await ws.call('/access_codes/update', body)).action_attempt?.status
}

/** The flags the API object does not show, as stored. */
async function storedFlags(accessCodeId: string) {
  const row = await store.db
    .selectFrom('access_codes')
    .select(['prefer_native_scheduling', 'attempt_for_offline_device'])
    .where('access_code_id', '=', accessCodeId)
    .executeTakeFirstOrThrow()
  return {
    prefer_native_scheduling: Number(row.prefer_native_scheduling),
    attempt_for_offline_device: Number(row.attempt_for_offline_device),
  }
}

/** The lock's live backups: free ones and lent ones. */
async function backupsOf(deviceId: string): Promise<{ free: number; lent: number }> {
  const rows = await store.db
    .selectFrom('access_codes')
    .select('pulled_for_access_code_id')
    .where('device_id', '=', deviceId)
    .where('is_backup', '=', 1)
    .where('deleted_at', 'is', null)
    .execute()
  const lent = rows.filter((r) => r.pulled_for_access_code_id !== null).length
  return { free: rows.length - lent, lent }
}

const stay = () => ({ starts_at: inHours(2), ends_at: inHours(48) })

describe('/access_codes/update: flags', () => {
  it('is_external_modification_allowed (or its older name) is set and cleared; an update without it keeps it', async () => {
    const ws = await workspaceWith('august')
    const code = await create(ws, { device_id: ws.devices[0], code: '4821' })
    const id = code.access_code_id
    const allowed = async () => (await get(ws, id)).is_external_modification_allowed

    // A flag alone has nothing to tell the lock: the attempt completes at once.
    expect(await update(ws, { access_code_id: id, is_external_modification_allowed: true })).toBe('success')
    expect(await allowed()).toBe(true)
    expect(await update(ws, { access_code_id: id, name: 'Renamed' })).toBe('success')
    expect(await allowed()).toBe(true)
    await update(ws, { access_code_id: id, allow_external_modification: false })
    expect(await allowed()).toBe(false)
    await update(ws, { access_code_id: id, allow_external_modification: true })
    expect(await allowed()).toBe(true)
    await update(ws, { access_code_id: id, is_external_modification_allowed: false })
    expect(await allowed()).toBe(false)
    // None of it touched the PIN.
    expect(await get(ws, id)).toMatchObject({ code: '4821', is_waiting_for_code_assignment: false, name: 'Renamed' })
  })

  it('prefer_native_scheduling and attempt_for_offline_device: set by an update, kept by one that leaves them out', async () => {
    const ws = await workspaceWith('august')
    const id = (await create(ws, { device_id: ws.devices[0], code: '5937' })).access_code_id
    const on = { prefer_native_scheduling: 1, attempt_for_offline_device: 1 }
    expect(await storedFlags(id)).toEqual(on)
    await update(ws, { access_code_id: id, name: 'Owner' })
    expect(await storedFlags(id)).toEqual(on)
    await update(ws, { access_code_id: id, prefer_native_scheduling: false })
    expect(await storedFlags(id)).toEqual({ prefer_native_scheduling: 0, attempt_for_offline_device: 1 })
    await update(ws, { access_code_id: id, attempt_for_offline_device: false, prefer_native_scheduling: true })
    expect(await storedFlags(id)).toEqual({ prefer_native_scheduling: 1, attempt_for_offline_device: 0 })
  })

  it('is_one_time_use is set on an offline code by update and survives other changes', async () => {
    const ws = await workspaceWith('lockly')
    const code = await create(ws, { device_id: ws.devices[0], is_offline_access_code: true, ...stay() })
    expect(code.is_one_time_use).toBe(false)
    await update(ws, { access_code_id: code.access_code_id, is_one_time_use: true })
    expect((await get(ws, code.access_code_id)).is_one_time_use).toBe(true)
    await update(ws, { access_code_id: code.access_code_id, name: 'Cleaner' })
    expect(await get(ws, code.access_code_id)).toMatchObject({ is_one_time_use: true, code: code.code })
  })
})

describe('/access_codes/update: the PIN and the lock', () => {
  it('a new PIN alone waits for the lock; the same PIN again changes nothing and keeps the code linked', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [first] = await createMultiple(ws, { device_ids: ws.devices, name: 'Guest' })
    if (first === undefined) throw new Error('no code created')
    const key = first.common_code_key
    expect(key).not.toBeNull()
    const id = first.access_code_id
    // The lock now takes only longer PINs: the code's own PIN, sent back unchanged, is not checked again.
    expectOk(
      await ws.call('/access_codes/report_device_constraints', {
        device_id: ws.devices[0],
        supported_code_lengths: [8],
      }),
    )
    expect(await update(ws, { access_code_id: id, code: first.code, name: 'Same guest' })).toBe('success')
    expect(await update(ws, { access_code_id: id, name: 'Still the same guest' })).toBe('success')
    expect(await get(ws, id)).toMatchObject({ code: first.code, common_code_key: key })

    expect(await update(ws, { access_code_id: id, code: '73914826' })).toBe('pending')
    expect(await get(ws, id)).toMatchObject({ code: '73914826', common_code_key: null })
  })

  it('offline to online waits for the lock and keeps the PIN the maker gave', async () => {
    const ws = await workspaceWith('lockly')
    const code = await create(ws, { device_id: ws.devices[0], is_offline_access_code: true, ...stay() })
    expect(await update(ws, { access_code_id: code.access_code_id, is_offline_access_code: false })).toBe('pending')
    expect(await get(ws, code.access_code_id)).toMatchObject({
      is_offline_access_code: false,
      code: code.code,
      is_waiting_for_code_assignment: false,
    })
  })

  it('on a lock that chooses its PINs, an offline code gets the maker’s PIN and an online one waits for the lock’s', async () => {
    const ws = await workspaceWith({ provider: 'salto_ks', canProgramOfflineCodes: true, label: 'Salto with offline' })
    const code = await create(ws, { device_id: ws.devices[0], ...stay() })
    expect(code).toMatchObject({ code: null, is_waiting_for_code_assignment: true })
    expect(await update(ws, { access_code_id: code.access_code_id, is_offline_access_code: true })).toBe('pending')
    const offline = await get(ws, code.access_code_id)
    expect(offline).toMatchObject({ is_offline_access_code: true, is_waiting_for_code_assignment: false })
    expect(offline.code).toMatch(/^\d{6}$/)
    // Renamed, it keeps the maker's PIN.
    await update(ws, { access_code_id: code.access_code_id, name: 'Night shift' })
    expect((await get(ws, code.access_code_id)).code).toBe(offline.code)
    await update(ws, { access_code_id: code.access_code_id, is_offline_access_code: false })
    expect(await get(ws, code.access_code_id)).toMatchObject({
      is_offline_access_code: false,
      code: null,
      is_waiting_for_code_assignment: true,
    })
  })
})

describe('/access_codes/update: the backup pool', () => {
  it('turning the pool on fills the lock’s pool; a code that never used it leaves the lock without backups', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const size = profileOf('august').backupPoolSize
    const plain = await create(ws, { device_id: august, ...stay() })
    // New windows, and then no window at all, on a code without a backup: nothing to release, no pool to fill.
    await update(ws, { access_code_id: plain.access_code_id, starts_at: inHours(3), ends_at: inHours(50) })
    await update(ws, { access_code_id: plain.access_code_id, type: 'ongoing' })
    expect(await backupsOf(august)).toEqual({ free: 0, lent: 0 })

    const guest = await create(ws, { device_id: august, ...stay() })
    await update(ws, { access_code_id: guest.access_code_id, use_backup_access_code_pool: true })
    expect(await backupsOf(august)).toEqual({ free: size, lent: 0 })
    expect((await get(ws, guest.access_code_id)).is_backup_access_code_available).toBe(true)
  })

  it('a code with a lent backup is renamed without moving it; made ongoing, it releases it and the pool is refilled', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const size = profileOf('august').backupPoolSize
    const code = await create(ws, { device_id: august, use_backup_access_code_pool: true, ...stay() })
    const backup = expectOk(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
    ).backup_access_code as AccessCode
    expect(await backupsOf(august)).toEqual({ free: size - 1, lent: 1 })

    expect(await update(ws, { access_code_id: code.access_code_id, name: 'Renamed stay' })).toBe('success')
    expect(await get(ws, backup.access_code_id)).toMatchObject({ starts_at: code.starts_at, ends_at: code.ends_at })

    await update(ws, { access_code_id: code.access_code_id, type: 'ongoing', use_backup_access_code_pool: false })
    expectError(
      await ws.call('/access_codes/get', { access_code_id: backup.access_code_id }),
      404,
      'access_code_not_found',
    )
    expect(await backupsOf(august)).toEqual({ free: size, lent: 0 })
  })

  it('a pool code made ongoing: access_code_not_time_bound unless use_backup_access_code_pool is turned off', async () => {
    const ws = await workspaceWith('august')
    const code = await create(ws, { device_id: ws.devices[0], use_backup_access_code_pool: true, ...stay() })
    const refused = expectError(
      await ws.call('/access_codes/update', { access_code_id: code.access_code_id, type: 'ongoing' }),
      400,
      'access_code_not_time_bound',
    )
    expect(refused.message).toContain('use_backup_access_code_pool to false')
    // Asking for the pool outright on an ongoing code is the pool's own rule, on that field.
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', {
          access_code_id: code.access_code_id,
          type: 'ongoing',
          use_backup_access_code_pool: true,
        }),
      ),
    ).toEqual(['use_backup_access_code_pool'])
    expect((await get(ws, code.access_code_id)).type).toBe('time_bound')
  })
})

describe('/access_codes/update_multiple', () => {
  it('a group whose end has come: moving its start is refused on ends_at, renaming it is not', async () => {
    const ws = await workspaceWith('august', 'yale')
    const codes = await createMultiple(ws, { device_ids: ws.devices, starts_at: inHours(1), ends_at: inHours(2) })
    const key = codes[0]?.common_code_key
    clock.advance(2 * HOUR)
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update_multiple', { common_code_key: key, starts_at: inHours(-0.5) }),
      ),
    ).toEqual(['ends_at'])
    const ended = expectError(
      await ws.call('/access_codes/update_multiple', { common_code_key: key, starts_at: inHours(-0.5) }),
      400,
      'invalid_input',
    )
    expect(ended.validation_errors?.ends_at?._errors).toEqual(['must be in the future'])
    expectOk(await ws.call('/access_codes/update_multiple', { common_code_key: key, name: 'Checked out' }))
    for (const code of codes)
      expect(await get(ws, code.access_code_id)).toMatchObject({ name: 'Checked out', starts_at: code.starts_at })
  })

  it('a start moved to now is refused on a lock that needs a future start, naming it; other locks take a past start', async () => {
    const strict = {
      provider: 'august',
      label: 'Front gate',
      codeConstraints: [{ constraint_type: 'start_date_in_future' as const }],
    }
    const ws = await workspaceWith(strict, 'yale')
    const [first] = await createMultiple(ws, { device_ids: ws.devices, starts_at: inHours(1), ends_at: inHours(24) })
    const key = first?.common_code_key
    const refused = expectError(
      await ws.call('/access_codes/update_multiple', { common_code_key: key, starts_at: clock.now().toISOString() }),
      400,
      'invalid_input',
    )
    expect(refused.validation_errors?.starts_at?._errors).toEqual(['must be in the future on Front gate'])
    expectOk(await ws.call('/access_codes/update_multiple', { common_code_key: key, ends_at: inHours(30) }))
    expectOk(await ws.call('/access_codes/update_multiple', { common_code_key: key, starts_at: inHours(3) }))

    const relaxed = await workspaceWith('august', 'yale')
    const codes = await createMultiple(relaxed, {
      device_ids: relaxed.devices,
      starts_at: inHours(1),
      ends_at: inHours(24),
    })
    const early = inHours(-1)
    expectOk(
      await relaxed.call('/access_codes/update_multiple', {
        common_code_key: codes[0]?.common_code_key,
        starts_at: early,
      }),
    )
    for (const code of codes) expect((await get(relaxed, code.access_code_id)).starts_at).toBe(early)
  })

  it('a later checkout of a stay under way is taken on a lock that needs a future start; moving its start is not', async () => {
    const ws = await workspaceWith({
      provider: 'august',
      label: 'Front gate',
      codeConstraints: [{ constraint_type: 'start_date_in_future' as const }],
    })
    const code = await create(ws, {
      device_id: ws.devices[0],
      code: '4821',
      common_code_key: 'stay-4821',
      starts_at: inHours(1),
      ends_at: inHours(24),
    })
    clock.advance(2 * HOUR)
    // The guest asks for a late checkout: the start stays where it was, in the past now.
    expectOk(await ws.call('/access_codes/update', { access_code_id: code.access_code_id, ends_at: inHours(30) }))
    expect(await get(ws, code.access_code_id)).toMatchObject({ starts_at: code.starts_at, ends_at: inHours(30) })
    // The same change through update_multiple is taken as well.
    expectOk(
      await ws.call('/access_codes/update_multiple', { common_code_key: code.common_code_key, ends_at: inHours(31) }),
    )
    // A start moved (even to another moment in the past) is still held to the lock's rule.
    const moved = expectError(
      await ws.call('/access_codes/update', { access_code_id: code.access_code_id, starts_at: inHours(-0.5) }),
      400,
      'invalid_input',
    )
    expect(moved.validation_errors?.starts_at?._errors).toEqual(['must be in the future on Front gate'])
  })

  it('an offline code of the group gets the new end rounded to its hour, as its own update would', async () => {
    const ws = await workspaceWith('lockly')
    const code = await create(ws, {
      device_id: ws.devices[0],
      is_offline_access_code: true,
      common_code_key: 'offline-stay',
      ...stay(),
    })
    const halfPast = new Date(Math.floor(clock.now().getTime() / HOUR) * HOUR + 30.5 * HOUR)
    expectOk(
      await ws.call('/access_codes/update_multiple', {
        common_code_key: 'offline-stay',
        ends_at: halfPast.toISOString(),
      }),
    )
    expect((await get(ws, code.access_code_id)).ends_at).toBe(new Date(halfPast.getTime() + HOUR / 2).toISOString())
  })

  it('an end in the past is refused with its message, by update and by update_multiple', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [first] = await createMultiple(ws, { device_ids: ws.devices, starts_at: inHours(1), ends_at: inHours(24) })
    if (first === undefined) throw new Error('no code created')
    const past = { starts_at: inHours(-3), ends_at: inHours(-1) }
    for (const reply of [
      await ws.call('/access_codes/update', { access_code_id: first.access_code_id, ...past }),
      await ws.call('/access_codes/update_multiple', { common_code_key: first.common_code_key, ...past }),
    ])
      expect(expectError(reply, 400, 'invalid_input').validation_errors?.ends_at?._errors).toEqual([
        'must be in the future',
      ])
    expect(await get(ws, first.access_code_id)).toMatchObject({ starts_at: first.starts_at, ends_at: first.ends_at })
  })

  it('an unknown common_code_key is access_code_not_found naming it', async () => {
    const ws = await workspaceWith('august')
    const missing = expectError(
      await ws.call('/access_codes/update_multiple', { common_code_key: 'nobody-has-this-key', name: 'x' }),
      404,
      'access_code_not_found',
    )
    expect(missing.message).toContain('"nobody-has-this-key"')
  })

  it('the locks’ lists show the change at once', async () => {
    const ws = await workspaceWith('august', 'yale')
    const codes = await createMultiple(ws, { device_ids: ws.devices, name: 'Before' })
    for (const deviceId of ws.devices) expect((await list(ws, deviceId)).map((c) => c.name)).toEqual(['Before'])
    expectOk(
      await ws.call('/access_codes/update_multiple', { common_code_key: codes[0]?.common_code_key, name: 'After' }),
    )
    for (const deviceId of ws.devices) expect((await list(ws, deviceId)).map((c) => c.name)).toEqual(['After'])
  })
})
