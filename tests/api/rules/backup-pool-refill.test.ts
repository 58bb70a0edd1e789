// Issue 10, item 3, over HTTP: the backup pool lends again once stays end, and concurrent pulls that refill it never
// hand out one backup twice nor fill one place twice.
import { describe, expect, it } from 'vitest'
import type { AccessCode } from '@/lib/schemas/access-code'
import {
  type Workspace,
  clock,
  store,
  profileOf,
  workspaceWith,
  expectError,
  expectOk,
  create,
  get,
  inHours,
} from '@/tests/support/rules-api'

const HOUR = 3_600_000

/** `count` time-bound codes on the lock that use its backup pool, from `from` to `to` hours from now. */
async function stays(ws: Workspace<readonly string[]>, deviceId: string, count: number, from: number, to: number) {
  const codes: AccessCode[] = []
  for (let i = 0; i < count; i++)
    codes.push(
      await create(ws, {
        device_id: deviceId,
        use_backup_access_code_pool: true,
        starts_at: inHours(from),
        ends_at: inHours(to),
      }),
    )
  return codes
}

describe('backup pool refill', () => {
  it('concurrent pulls after the lent backups’ stays have ended: one backup per code, never more than the pool', async () => {
    const ws = await workspaceWith('yale')
    const [yale] = ws.devices
    const poolSize = profileOf('yale').backupPoolSize
    const first = await stays(ws, yale, poolSize, 1, 24)
    for (const code of first)
      expectOk(await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }))
    const later = await stays(ws, yale, poolSize + 2, 30, 60)
    expectError(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: later[0]?.access_code_id }),
      409,
      'empty_backup_access_code_pool',
    )

    expect((await get(ws, later[0]?.access_code_id ?? '')).is_backup_access_code_available).toBe(false)

    clock.advance(25 * HOUR)
    // The ended stays' places can be lent again: the waiting codes say so before anyone pulls.
    expect((await get(ws, later[0]?.access_code_id ?? '')).is_backup_access_code_available).toBe(true)
    const replies = await Promise.all(
      later.map((c) => ws.call('/access_codes/pull_backup_access_code', { access_code_id: c.access_code_id })),
    )
    const won = replies.filter((r) => r.status === 200)
    expect(won).toHaveLength(poolSize)
    for (const lost of replies.filter((r) => r.status !== 200)) expectError(lost, 409, 'empty_backup_access_code_pool')
    const lent = won.map((r) => r.body.backup_access_code?.access_code_id)
    expect(new Set(lent).size).toBe(poolSize)
    for (const [i, reply] of replies.entries()) {
      if (reply.status !== 200) continue
      const code = later[i]?.access_code_id ?? ''
      expect((await get(ws, code)).pulled_backup_access_code_id).toBe(reply.body.backup_access_code?.access_code_id)
    }
    // Each freed place was filled once: the lock holds the ended stays' five (until the lock side removes them) and
    // five new ones, all lent.
    const backups = await store.db
      .selectFrom('access_codes')
      .select(['pulled_for_access_code_id', 'ends_at'])
      .where('device_id', '=', yale)
      .where('is_backup', '=', 1)
      .where('deleted_at', 'is', null)
      .execute()
    expect(backups).toHaveLength(2 * poolSize)
    const holding = backups.filter((b) => b.ends_at === null || new Date(b.ends_at) > clock.now())
    expect(holding).toHaveLength(poolSize)
    expect(holding.every((b) => b.pulled_for_access_code_id !== null)).toBe(true)
  })

  it('a code made ongoing releases its backup; its place is lent again, and the code can pull anew later', async () => {
    const ws = await workspaceWith('smartthings')
    const [smartthings] = ws.devices
    const poolSize = profileOf('smartthings').backupPoolSize
    const codes = await stays(ws, smartthings, poolSize + 1, 1, 48)
    const backups: string[] = []
    for (const code of codes.slice(0, poolSize))
      backups.push(
        expectOk(await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }))
          .backup_access_code?.access_code_id ?? '',
      )
    const [owner] = codes
    const waiting = codes[poolSize]
    if (owner === undefined || waiting === undefined) throw new Error('missing codes')
    expectOk(
      await ws.call('/access_codes/update', {
        access_code_id: owner.access_code_id,
        type: 'ongoing',
        use_backup_access_code_pool: false,
      }),
    )
    expect((await get(ws, owner.access_code_id)).pulled_backup_access_code_id ?? null).toBeNull()
    expectError(await ws.call('/access_codes/get', { access_code_id: backups[0] }), 404, 'access_code_not_found')
    // The released place is lent to the code that was waiting.
    const lent = expectOk(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: waiting.access_code_id }),
    ).backup_access_code
    expect(backups).not.toContain(lent?.access_code_id)

    // Time-bound with the pool again, the first code gets a backup of its own once a place is free.
    expectOk(
      await ws.call('/access_codes/update', {
        access_code_id: owner.access_code_id,
        starts_at: inHours(1),
        ends_at: inHours(48),
        use_backup_access_code_pool: true,
      }),
    )
    expectError(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: owner.access_code_id }),
      409,
      'empty_backup_access_code_pool',
    )
    expectOk(await ws.call('/access_codes/delete', { access_code_id: waiting.access_code_id }))
    const again = expectOk(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: owner.access_code_id }),
    ).backup_access_code
    expect([...backups, lent?.access_code_id]).not.toContain(again?.access_code_id)
    expect((await get(ws, owner.access_code_id)).pulled_backup_access_code_id).toBe(again?.access_code_id)
  })
})
