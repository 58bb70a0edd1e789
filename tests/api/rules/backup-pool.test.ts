// The rules of issue 2, item 6, over HTTP: the backup access code pool.
import { describe, expect, it } from 'vitest'
import type { AccessCode } from '@/lib/schemas/access-code'
import {
  type Reply,
  profileOf,
  workspaceWith,
  expectError,
  expectInvalidFields,
  expectOk,
  create,
  get,
  list,
  inHours,
  statusesOf,
} from '@/tests/support/rules-api'

describe('backup access code pool', () => {
  it('use_backup_access_code_pool is only for time-bound codes on locks with a pool', async () => {
    const ws = await workspaceWith('august', 'kwikset')
    const [august, kwikset] = ws.devices
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: august, use_backup_access_code_pool: true }),
      ),
    ).toEqual(['use_backup_access_code_pool'])
    expectError(
      await ws.call('/access_codes/create', {
        device_id: kwikset,
        use_backup_access_code_pool: true,
        starts_at: inHours(1),
        ends_at: inHours(48),
      }),
      400,
      'backup_access_code_pool_not_supported',
    )
    expect(await list(ws, august)).toEqual([])
    expect(await list(ws, kwikset)).toEqual([])
    const code = await create(ws, {
      device_id: august,
      use_backup_access_code_pool: true,
      starts_at: inHours(1),
      ends_at: inHours(48),
    })
    expect(code.is_backup_access_code_available).toBe(true)
  })

  it('pull_backup_access_code returns the same backup for the same code every time and sets pulled_backup_access_code_id', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const startsAt = inHours(1)
    const endsAt = inHours(48)
    const code = await create(ws, {
      device_id: august,
      use_backup_access_code_pool: true,
      starts_at: startsAt,
      ends_at: endsAt,
      name: 'Guest',
    })
    const first = expectOk(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
    )
    const backup = first.backup_access_code
    expect(backup).toMatchObject({
      device_id: august,
      is_backup: true,
      type: 'time_bound',
      starts_at: startsAt,
      ends_at: endsAt,
    })
    expect(first.access_code?.access_code_id).toBe(backup?.access_code_id)
    expect(backup?.access_code_id).not.toBe(code.access_code_id)
    expect(backup?.code).not.toBe(code.code)
    expect((await get(ws, code.access_code_id)).pulled_backup_access_code_id).toBe(backup?.access_code_id)
    for (let run = 0; run < 3; run++) {
      const again = expectOk(
        await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
      ).backup_access_code
      expect(again?.access_code_id).toBe(backup?.access_code_id)
      expect(again?.code).toBe(backup?.code)
    }
    // The backup's PIN is held on the lock: nobody else can take it.
    expectError(
      await ws.call('/access_codes/create', { device_id: august, code: backup?.code }),
      409,
      'duplicate_access_code',
    )
  })

  it('never hands one backup to two codes, and an empty pool is empty_backup_access_code_pool', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const poolSize = profileOf('august').backupPoolSize
    const codes: AccessCode[] = []
    for (let i = 0; i <= poolSize; i++) {
      codes.push(
        await create(ws, {
          device_id: august,
          use_backup_access_code_pool: true,
          starts_at: inHours(1),
          ends_at: inHours(48),
        }),
      )
    }
    const backups: string[] = []
    for (const code of codes.slice(0, poolSize)) {
      const backup = expectOk(
        await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
      ).backup_access_code
      backups.push(backup?.access_code_id ?? '')
    }
    expect(new Set(backups).size).toBe(poolSize)
    const last = codes[poolSize]?.access_code_id ?? ''
    expectError(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: last }),
      409,
      'empty_backup_access_code_pool',
    )
    expect((await get(ws, last)).pulled_backup_access_code_id ?? null).toBeNull()
    expect((await get(ws, last)).is_backup_access_code_available).toBe(false)
  })

  it('simultaneous pulls for different codes get different backups; the pool runs out cleanly', async () => {
    const ws = await workspaceWith('yale')
    const [yale] = ws.devices
    const poolSize = profileOf('yale').backupPoolSize
    const codes = await Promise.all(
      Array.from({ length: poolSize + 2 }, () =>
        create(ws, { device_id: yale, use_backup_access_code_pool: true, starts_at: inHours(1), ends_at: inHours(48) }),
      ),
    )
    const replies = await Promise.all(
      codes.map((c) => ws.call('/access_codes/pull_backup_access_code', { access_code_id: c.access_code_id })),
    )
    const won = replies.filter((r) => r.status === 200)
    expect(won).toHaveLength(poolSize)
    for (const lost of replies.filter((r) => r.status !== 200)) expectError(lost, 409, 'empty_backup_access_code_pool')
    const backupIds = won.map((r) => r.body.backup_access_code?.access_code_id)
    expect(new Set(backupIds).size).toBe(poolSize)
    const backupPins = won.map((r) => r.body.backup_access_code?.code)
    expect(new Set(backupPins).size).toBe(poolSize)
    for (const [i, reply] of replies.entries()) {
      if (reply.status !== 200) continue
      const code = codes[i]?.access_code_id ?? ''
      expect((await get(ws, code)).pulled_backup_access_code_id).toBe(reply.body.backup_access_code?.access_code_id)
    }
  })

  it('simultaneous pulls for as many codes as the pool holds: every code gets a backup of its own', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const poolSize = profileOf('august').backupPoolSize
    const codes: AccessCode[] = []
    for (let i = 0; i < poolSize; i++) {
      codes.push(
        await create(ws, {
          device_id: august,
          use_backup_access_code_pool: true,
          starts_at: inHours(1),
          ends_at: inHours(48),
        }),
      )
    }
    const replies = await Promise.all(
      codes.map((c) => ws.call('/access_codes/pull_backup_access_code', { access_code_id: c.access_code_id })),
    )
    expect(statusesOf(replies)).toEqual(Array<number>(poolSize).fill(200))
    expect(new Set(replies.map((r) => r.body.backup_access_code?.access_code_id)).size).toBe(poolSize)
  })

  it('simultaneous first uses of the pool fill it once', async () => {
    const ws = await workspaceWith('yale')
    const [yale] = ws.devices
    const poolSize = profileOf('yale').backupPoolSize
    const codes = await Promise.all(
      Array.from({ length: poolSize + 2 }, () =>
        create(ws, { device_id: yale, use_backup_access_code_pool: true, starts_at: inHours(1), ends_at: inHours(48) }),
      ),
    )
    const replies: Reply[] = []
    for (const code of codes)
      replies.push(await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }))
    expect(replies.map((r) => r.status)).toEqual([...Array<number>(poolSize).fill(200), 409, 409])
    for (const lost of replies.slice(poolSize)) expectError(lost, 409, 'empty_backup_access_code_pool')
  })

  it('simultaneous pulls for the same code all get the same backup', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const code = await create(ws, {
      device_id: august,
      use_backup_access_code_pool: true,
      starts_at: inHours(1),
      ends_at: inHours(48),
    })
    const replies = await Promise.all(
      Array.from({ length: 6 }, () =>
        ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
      ),
    )
    expect(statusesOf(replies)).toEqual([200, 200, 200, 200, 200, 200])
    const ids = new Set(replies.map((r) => r.body.backup_access_code?.access_code_id))
    expect(ids.size).toBe(1)
    // Only one backup left the pool: the other four are still there for other codes.
    const others = await Promise.all(
      Array.from({ length: profileOf('august').backupPoolSize - 1 }, () =>
        create(ws, {
          device_id: august,
          use_backup_access_code_pool: true,
          starts_at: inHours(1),
          ends_at: inHours(48),
        }),
      ),
    )
    for (const other of others)
      expectOk(await ws.call('/access_codes/pull_backup_access_code', { access_code_id: other.access_code_id }))
  })

  it('a code without the pool cannot pull a backup', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const code = await create(ws, { device_id: august, starts_at: inHours(1), ends_at: inHours(48) })
    expectError(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
      400,
      'backup_access_code_pool_not_enabled',
    )
    expectError(
      await ws.call('/access_codes/pull_backup_access_code', {
        access_code_id: '00000000-0000-4000-8000-000000000000',
      }),
      404,
      'access_code_not_found',
    )
  })

  it('a time-bound code that turns the pool on by update can pull a backup', async () => {
    const ws = await workspaceWith('smartthings')
    const [smartthings] = ws.devices
    const code = await create(ws, { device_id: smartthings, starts_at: inHours(1), ends_at: inHours(48) })
    expectOk(
      await ws.call('/access_codes/update', { access_code_id: code.access_code_id, use_backup_access_code_pool: true }),
    )
    expect((await get(ws, code.access_code_id)).is_backup_access_code_available).toBe(true)
    const backup = expectOk(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
    ).backup_access_code
    expect(backup?.is_backup).toBe(true)
  })

  it('a code that uses the pool cannot become ongoing, and an ongoing code cannot turn the pool on', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const pooled = await create(ws, {
      device_id: august,
      use_backup_access_code_pool: true,
      starts_at: inHours(1),
      ends_at: inHours(48),
    })
    expectError(
      await ws.call('/access_codes/update', { access_code_id: pooled.access_code_id, type: 'ongoing' }),
      400,
      'access_code_not_time_bound',
    )
    expect((await get(ws, pooled.access_code_id)).type).toBe('time_bound')
    const ongoing = await create(ws, { device_id: august })
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', {
          access_code_id: ongoing.access_code_id,
          use_backup_access_code_pool: true,
        }),
      ),
    ).toEqual(['use_backup_access_code_pool'])
  })
})
