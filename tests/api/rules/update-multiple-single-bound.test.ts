// Issue 10, item 3, over HTTP: update_multiple moves one bound alone (a late checkout moves only ends_at), moves the
// pulled backups with their codes, and refuses a window that cannot be for the whole group.
import { describe, expect, it } from 'vitest'
import type { AccessCode } from '@/lib/schemas/access-code'
import {
  type Workspace,
  workspaceWith,
  expectError,
  expectInvalidFields,
  expectOk,
  create,
  createMultiple,
  get,
  inHours,
} from '@/tests/support/rules-api'

/** Two linked stays with their own starts on two locks, both using the backup pool, each with a pulled backup. */
async function linkedStaysWithBackups(
  ws: Workspace<readonly string[]>,
  key: string,
): Promise<{ codes: AccessCode[]; backups: AccessCode[] }> {
  const codes: AccessCode[] = []
  const backups: AccessCode[] = []
  for (const [i, deviceId] of ws.devices.entries()) {
    const code = await create(ws, {
      device_id: deviceId,
      common_code_key: key,
      use_backup_access_code_pool: true,
      starts_at: inHours(24 + i),
      ends_at: inHours(96),
    })
    const pulled = expectOk(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
    ).backup_access_code
    if (pulled === undefined) throw new Error('no backup pulled')
    codes.push(code)
    backups.push(pulled)
  }
  return { codes, backups }
}

const windowOf = (c: AccessCode) => ({ starts_at: c.starts_at, ends_at: c.ends_at })

describe('update_multiple with one bound', () => {
  it('a late checkout (ends_at alone) moves every end and keeps each code’s own start; the backups follow', async () => {
    const ws = await workspaceWith('august', 'yale')
    const { codes, backups } = await linkedStaysWithBackups(ws, 'stay-late')
    const lateCheckout = inHours(100)
    expectOk(
      await ws.call('/access_codes/update_multiple', { common_code_key: 'stay-late', ends_at: lateCheckout }, 'PATCH'),
    )
    for (const [i, code] of codes.entries()) {
      expect(windowOf(await get(ws, code.access_code_id))).toEqual({ starts_at: code.starts_at, ends_at: lateCheckout })
      const backup = backups[i]
      if (backup === undefined) throw new Error('missing backup')
      expect(windowOf(await get(ws, backup.access_code_id))).toEqual({
        starts_at: code.starts_at,
        ends_at: lateCheckout,
      })
    }
    const changed =
      expectOk(await ws.call('/events/list', { since: inHours(-1), event_type: 'access_code.changed' })).events ?? []
    expect(changed.map((e) => e.access_code_id).sort()).toEqual(codes.map((c) => c.access_code_id).sort())
  })

  it('an early check-in (starts_at alone) moves every start and keeps the ends; the backups follow', async () => {
    const ws = await workspaceWith('august', 'yale')
    const { codes, backups } = await linkedStaysWithBackups(ws, 'stay-early')
    const early = inHours(20)
    expectOk(await ws.call('/access_codes/update_multiple', { common_code_key: 'stay-early', starts_at: early }))
    for (const code of [...codes, ...backups])
      expect(windowOf(await get(ws, code.access_code_id))).toEqual({ starts_at: early, ends_at: code.ends_at })
  })

  it('both bounds still move the backups along', async () => {
    const ws = await workspaceWith('august', 'yale')
    const { codes, backups } = await linkedStaysWithBackups(ws, 'stay-both')
    const window = { starts_at: inHours(48), ends_at: inHours(120) }
    expectOk(await ws.call('/access_codes/update_multiple', { common_code_key: 'stay-both', ...window }))
    for (const code of [...codes, ...backups]) expect(windowOf(await get(ws, code.access_code_id))).toEqual(window)
  })

  it('an end before the start of a code that keeps its start: invalid_input on ends_at, and no code changes', async () => {
    const ws = await workspaceWith('august', 'yale')
    // The august code starts at +24 h, the yale one at +25 h: an end at +24.5 h fits only the first.
    const { codes, backups } = await linkedStaysWithBackups(ws, 'stay-bad-end')
    const before = await Promise.all([...codes, ...backups].map((c) => get(ws, c.access_code_id)))
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update_multiple', {
          common_code_key: 'stay-bad-end',
          name: 'Renamed',
          ends_at: new Date(Date.parse(inHours(24)) + 30 * 60_000).toISOString(),
        }),
      ),
    ).toEqual(['ends_at'])
    const after = await Promise.all([...codes, ...backups].map((c) => get(ws, c.access_code_id)))
    expect(after).toEqual(before)
  })

  it('a start after the end a code keeps: invalid_input on starts_at, and no code changes', async () => {
    const ws = await workspaceWith('august', 'yale')
    const { codes } = await linkedStaysWithBackups(ws, 'stay-bad-start')
    const before = await Promise.all(codes.map((c) => get(ws, c.access_code_id)))
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update_multiple', { common_code_key: 'stay-bad-start', starts_at: inHours(97) }),
      ),
    ).toEqual(['starts_at'])
    expect(await Promise.all(codes.map((c) => get(ws, c.access_code_id)))).toEqual(before)
  })

  it('one bound on a group holding an ongoing code names the missing bound; nothing changes', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const timed = await create(ws, {
      device_id: august,
      common_code_key: 'mixed',
      starts_at: inHours(24),
      ends_at: inHours(96),
    })
    const ongoing = await create(ws, { device_id: yale, common_code_key: 'mixed' })
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update_multiple', { common_code_key: 'mixed', ends_at: inHours(100) }),
      ),
    ).toEqual(['starts_at'])
    expect(windowOf(await get(ws, timed.access_code_id))).toEqual(windowOf(timed))
    expect((await get(ws, ongoing.access_code_id)).type).toBe('ongoing')
    // Both bounds make the whole group time-bound.
    const window = { starts_at: inHours(24), ends_at: inHours(100) }
    expectOk(await ws.call('/access_codes/update_multiple', { common_code_key: 'mixed', ...window }))
    expect(windowOf(await get(ws, ongoing.access_code_id))).toEqual(window)
  })

  it('an end in the past is invalid_input on ends_at; an unknown key is access_code_not_found', async () => {
    const ws = await workspaceWith('august', 'yale')
    const group = await createMultiple(ws, {
      device_ids: [...ws.devices],
      starts_at: inHours(24),
      ends_at: inHours(96),
    })
    const key = group[0]?.common_code_key ?? ''
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update_multiple', { common_code_key: key, ends_at: inHours(-1) }),
      ),
    ).toEqual(['ends_at'])
    expectError(
      await ws.call('/access_codes/update_multiple', { common_code_key: 'no-such-key', ends_at: inHours(100) }),
      404,
      'access_code_not_found',
    )
  })

  it('simultaneous moves of the start and of the end leave every code with both', async () => {
    const ws = await workspaceWith('august', 'yale')
    const group = await createMultiple(ws, {
      device_ids: [...ws.devices],
      starts_at: inHours(24),
      ends_at: inHours(96),
    })
    const key = group[0]?.common_code_key ?? ''
    const startsAt = inHours(20)
    const endsAt = inHours(100)
    const replies = await Promise.all([
      ws.call('/access_codes/update_multiple', { common_code_key: key, starts_at: startsAt }),
      ws.call('/access_codes/update_multiple', { common_code_key: key, ends_at: endsAt }),
    ])
    for (const reply of replies) expectOk(reply)
    for (const code of group)
      expect(windowOf(await get(ws, code.access_code_id))).toEqual({ starts_at: startsAt, ends_at: endsAt })
  })

  it('runs alongside updates of its codes and backup pulls without either waiting on the other forever', async () => {
    // One code a lock (linked codes share their PIN), on every brand with a backup pool.
    const ws = await workspaceWith('august', 'yale', 'schlage', 'smartthings')
    const codes: AccessCode[] = []
    for (const deviceId of ws.devices)
      codes.push(
        await create(ws, {
          device_id: deviceId,
          common_code_key: 'busy',
          use_backup_access_code_pool: true,
          starts_at: inHours(24),
          ends_at: inHours(96),
        }),
      )
    const replies = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) =>
        ws.call('/access_codes/update_multiple', { common_code_key: 'busy', ends_at: inHours(100 + i) }),
      ),
      ...codes.map((c) =>
        ws.call('/access_codes/update', { access_code_id: c.access_code_id, name: 'Renamed', ends_at: inHours(110) }),
      ),
      ...codes.map((c) => ws.call('/access_codes/pull_backup_access_code', { access_code_id: c.access_code_id })),
    ])
    for (const reply of replies) expectOk(reply)
    // Whichever write came last, every backup ends with the window of its code.
    for (const code of codes) {
      const after = await get(ws, code.access_code_id)
      const backup = await get(ws, after.pulled_backup_access_code_id ?? '')
      expect(windowOf(backup)).toEqual(windowOf(after))
    }
  })
})
