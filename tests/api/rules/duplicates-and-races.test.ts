// The rules of issue 2, item 6, over HTTP: one PIN once per lock, and simultaneous requests
// (over HTTP, then with the services called directly) that must not break it, the groups or the backup pool.
import { isSeamHttpApiError } from 'seam'
import { describe, expect, it } from 'vitest'
import { pullBackupAccessCode } from '@/lib/access-codes/backup-pool'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { createMultipleAccessCodes } from '@/lib/access-codes/create-multiple-access-codes'
import { updateAccessCode, updateMultipleAccessCodes } from '@/lib/access-codes/update-access-code'
import { DomainError } from '@/lib/errors/domain-error'
import type { ServiceContext } from '@/lib/context'
import {
  createAccessCodeInput,
  createMultipleAccessCodesInput,
  updateAccessCodeInput,
  updateMultipleAccessCodesInput,
  type AccessCode,
} from '@/lib/schemas/access-code'
import {
  type Workspace,
  store,
  clock,
  profileOf,
  workspaceWith,
  expectError,
  expectOk,
  create,
  get,
  list,
  createMultiple,
  inHours,
  statusesOf,
} from '@/tests/support/rules-api'

describe('duplicate PINs on one lock', () => {
  it('create: 409 duplicate_access_code whose message names the code holding the PIN', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const first = await create(ws, { device_id: august, code: '4821', name: 'Guest Smith' })
    const error = expectError(
      await ws.call('/access_codes/create', { device_id: august, code: '4821', name: 'Cleaner' }),
      409,
      'duplicate_access_code',
    )
    expect(error.message).toContain(first.access_code_id)
    expect(error.message).toContain('Guest Smith')
    expect((await list(ws, august)).map((c) => c.access_code_id)).toEqual([first.access_code_id])

    const viaSdk: unknown = await ws.seam.accessCodes
      .create({ device_id: august, code: '4821' })
      .catch((e: unknown) => e)
    expect(isSeamHttpApiError(viaSdk) && { code: viaSdk.code, status: viaSdk.statusCode }).toEqual({
      code: 'duplicate_access_code',
      status: 409,
    })
  })

  it('the same PIN on a different lock is fine', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    await create(ws, { device_id: august, code: '4821' })
    expect((await create(ws, { device_id: yale, code: '4821' })).code).toBe('4821')
  })

  it('a deleted code frees its PIN', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const first = await create(ws, { device_id: august, code: '4821' })
    expectOk(await ws.call('/access_codes/delete', { access_code_id: first.access_code_id }))
    expect((await create(ws, { device_id: august, code: '4821' })).code).toBe('4821')
  })

  it('update: 409 duplicate_access_code naming the holder, and the code keeps its PIN', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const holder = await create(ws, { device_id: august, code: '4821', name: 'Owner' })
    const other = await create(ws, { device_id: august, code: '7391', name: 'Cleaner' })
    const error = expectError(
      await ws.call('/access_codes/update', { access_code_id: other.access_code_id, code: '4821' }),
      409,
      'duplicate_access_code',
    )
    expect(error.message).toContain(holder.access_code_id)
    expect(error.message).toContain('Owner')
    expect((await get(ws, other.access_code_id)).code).toBe('7391')
    // Setting a code to the PIN it already has is not a clash with itself.
    expectOk(
      await ws.call('/access_codes/update', { access_code_id: other.access_code_id, code: '7391', name: 'Cleaner 2' }),
    )
  })

  it('create_multiple: 409 duplicate_access_code naming the holder, and nothing is created anywhere', async () => {
    const ws = await workspaceWith('yale', 'august', 'schlage')
    const [yale, august, schlage] = ws.devices
    const holder = await create(ws, { device_id: august, code: '4821', name: 'Owner' })
    const error = expectError(
      await ws.call('/access_codes/create_multiple', { device_ids: [yale, august, schlage], code: '4821' }),
      409,
      'duplicate_access_code',
    )
    expect(error.message).toContain(holder.access_code_id)
    expect(await list(ws, yale)).toEqual([])
    expect(await list(ws, schlage)).toEqual([])
    expect(await list(ws, august)).toHaveLength(1)
  })

  it('10 simultaneous creates of one PIN on one lock: exactly one wins, the rest are 409', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    for (const pin of ['8642', '5173']) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          ws.call('/access_codes/create', { device_id: august, code: pin, name: `Racer ${i}` }),
        ),
      )
      expect(statusesOf(replies)).toEqual([200, ...Array<number>(9).fill(409)])
      const winner = replies.find((r) => r.status === 200)?.body.access_code
      for (const loser of replies.filter((r) => r.status !== 200)) {
        expect(expectError(loser, 409, 'duplicate_access_code').message).toContain(
          winner?.access_code_id ?? 'no winner',
        )
      }
      const holding = (await list(ws, august)).filter((c) => c.code === pin)
      expect(holding.map((c) => c.access_code_id)).toEqual([winner?.access_code_id])
    }
  })

  it('simultaneous updates of several codes to one PIN: exactly one wins', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const codes = await Promise.all(
      ['1357', '2468', '3579', '4680', '5791', '6802'].map((code) => create(ws, { device_id: august, code })),
    )
    const replies = await Promise.all(
      codes.map((c) => ws.call('/access_codes/update', { access_code_id: c.access_code_id, code: '9137' })),
    )
    expect(statusesOf(replies)).toEqual([200, 409, 409, 409, 409, 409])
    for (const loser of replies.filter((r) => r.status !== 200)) expectError(loser, 409, 'duplicate_access_code')
    expect((await list(ws, august)).filter((c) => c.code === '9137')).toHaveLength(1)
  })

  it('simultaneous create_multiple calls with one PIN: exactly one wins on every lock', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const replies = await Promise.all(
      Array.from({ length: 6 }, () =>
        ws.call('/access_codes/create_multiple', { device_ids: [august, yale], code: '2580' }),
      ),
    )
    expect(statusesOf(replies)).toEqual([200, 409, 409, 409, 409, 409])
    for (const loser of replies.filter((r) => r.status !== 200)) expectError(loser, 409, 'duplicate_access_code')
    expect((await list(ws, august)).filter((c) => c.code === '2580')).toHaveLength(1)
    expect((await list(ws, yale)).filter((c) => c.code === '2580')).toHaveLength(1)
  })
})

// Over HTTP the requests reach the server a little apart; called directly, every one of them starts in the same tick,
// so a read-then-write check with no database guarantee behind it loses on both engines.
describe('races with every request starting in the same tick (services called directly)', () => {
  const contextOf = (ws: Workspace<readonly string[]>): ServiceContext => ({
    db: store.db,
    clock,
    workspaceId: ws.workspaceId,
  })

  /** `fulfilled`, or the DomainError type of each rejected run (anything else is reported as unexpected). */
  async function outcomes(runs: readonly (() => Promise<unknown>)[]): Promise<string[]> {
    const results = await Promise.allSettled(runs.map((run) => run()))
    return results
      .map((r) => {
        if (r.status === 'fulfilled') return 'fulfilled'
        return r.reason instanceof DomainError ? r.reason.type : `unexpected: ${String(r.reason)}`
      })
      .sort()
  }

  it('creates of one PIN on one lock: exactly one wins', async () => {
    const ws = await workspaceWith('august')
    const ctx = contextOf(ws)
    const input = createAccessCodeInput.parse({ device_id: ws.devices[0], code: '6284' })
    expect(await outcomes(Array.from({ length: 10 }, () => () => createAccessCode(ctx, input)))).toEqual([
      ...Array<string>(9).fill('duplicate_access_code'),
      'fulfilled',
    ])
    expect((await list(ws, ws.devices[0])).filter((c) => c.code === '6284')).toHaveLength(1)
  })

  it('updates of several codes to one PIN: exactly one wins', async () => {
    const ws = await workspaceWith('august')
    const ctx = contextOf(ws)
    const codes = await Promise.all(
      ['1357', '2468', '3579', '4680', '5791'].map((code) => create(ws, { device_id: ws.devices[0], code })),
    )
    const runs = codes.map(
      (c) => () =>
        updateAccessCode(ctx, updateAccessCodeInput.parse({ access_code_id: c.access_code_id, code: '9137' })),
    )
    expect(await outcomes(runs)).toEqual([...Array<string>(4).fill('duplicate_access_code'), 'fulfilled'])
    expect((await list(ws, ws.devices[0])).filter((c) => c.code === '9137')).toHaveLength(1)
  })

  it('create_multiple calls with one PIN: exactly one wins on every lock', async () => {
    const ws = await workspaceWith('august', 'yale')
    const ctx = contextOf(ws)
    const input = createMultipleAccessCodesInput.parse({ device_ids: [...ws.devices], code: '2580' })
    expect(await outcomes(Array.from({ length: 6 }, () => () => createMultipleAccessCodes(ctx, input)))).toEqual([
      ...Array<string>(5).fill('duplicate_access_code'),
      'fulfilled',
    ])
    for (const deviceId of ws.devices)
      expect((await list(ws, deviceId)).filter((c) => c.code === '2580')).toHaveLength(1)
  })

  it('update_multiple calls: every code of the group ends with the same name and window', async () => {
    const ws = await workspaceWith('august', 'yale', 'schlage', 'smartthings')
    const ctx = contextOf(ws)
    const group = await createMultiple(ws, { device_ids: [...ws.devices] })
    const key = group[0]?.common_code_key ?? ''
    const runs = Array.from(
      { length: 6 },
      (_, i) => () =>
        updateMultipleAccessCodes(
          ctx,
          updateMultipleAccessCodesInput.parse({
            common_code_key: key,
            name: `Stay ${i}`,
            starts_at: inHours(i + 1),
            ends_at: inHours(i + 48),
          }),
        ),
    )
    expect(await outcomes(runs)).toEqual(Array<string>(6).fill('fulfilled'))
    const after = await Promise.all(group.map((c) => get(ws, c.access_code_id)))
    expect(new Set(after.map((c) => `${c.name}|${c.starts_at}|${c.ends_at}`)).size).toBe(1)
  })

  it('pulls for different codes: never one backup for two codes, and the pool runs out cleanly', async () => {
    const ws = await workspaceWith('yale')
    const ctx = contextOf(ws)
    const poolSize = profileOf('yale').backupPoolSize
    const codes: AccessCode[] = []
    for (let i = 0; i < poolSize + 2; i++) {
      codes.push(
        await create(ws, {
          device_id: ws.devices[0],
          use_backup_access_code_pool: true,
          starts_at: inHours(1),
          ends_at: inHours(48),
        }),
      )
    }
    const results = await Promise.allSettled(codes.map((c) => pullBackupAccessCode(ctx, c.access_code_id)))
    const backups = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.access_code_id] : []))
    expect(backups).toHaveLength(poolSize)
    expect(new Set(backups).size).toBe(poolSize)
    for (const r of results) {
      if (r.status === 'rejected')
        expect(r.reason instanceof DomainError ? r.reason.type : String(r.reason)).toBe('empty_backup_access_code_pool')
    }
    for (const [i, r] of results.entries()) {
      if (r.status !== 'fulfilled') continue
      expect((await get(ws, codes[i]?.access_code_id ?? '')).pulled_backup_access_code_id).toBe(r.value.access_code_id)
    }
  })

  it('pulls for the same code: all get the same backup', async () => {
    const ws = await workspaceWith('august')
    const ctx = contextOf(ws)
    const code = await create(ws, {
      device_id: ws.devices[0],
      use_backup_access_code_pool: true,
      starts_at: inHours(1),
      ends_at: inHours(48),
    })
    const results = await Promise.all(Array.from({ length: 6 }, () => pullBackupAccessCode(ctx, code.access_code_id)))
    expect(new Set(results.map((b) => b.access_code_id)).size).toBe(1)
  })
})
