// Codes waiting for a slot on a full keypad (issue 11): the lock refused them for want of room, and until the keypad
// has a free slot they are not sent again on every pass (every write to the lock asks for one) — one of them is, in
// case the lock holds more than it says. A slot freed goes to a waiting code in the same pass that frees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import { updateAccessCode } from '@/lib/access-codes/update-access-code'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { openLockHarness, type LockHarness } from '@/tests/support/lock-harness'

const PROVIDER = 'lockly'
const NO_SPACE = 'no_space_for_access_code_on_device'

let h: LockHarness
let deviceId: string
let slots: number
const placed: string[] = []
const waiting: string[] = []

beforeAll(async () => {
  h = await openLockHarness({ devices: sandboxLockProfiles.length })
  deviceId = h.deviceOf(PROVIDER)
  slots = sandboxLockProfiles.find((p) => p.provider === PROVIDER)?.maxActiveCodes ?? 0
  for (let i = 0; i < slots; i++)
    placed.push((await createAccessCode(h.ctx, { device_id: deviceId, name: `Guest ${i}` })).access_code.access_code_id)
  await h.settle()
  for (let i = 0; i < 5; i++) {
    await h.advance(1_000)
    waiting.push((await createAccessCode(h.ctx, { device_id: deviceId, name: `Late ${i}` })).access_code.access_code_id)
  }
  await h.settle()
})

afterAll(async () => {
  await h.close()
})

const rowsOf = (ids: readonly string[]) =>
  h.db
    .selectFrom('access_codes')
    .select(['access_code_id', 'status', 'errors', 'updated_at'])
    .where('access_code_id', 'in', ids)
    .orderBy('created_at')
    .execute()

describe('codes waiting for a slot on a full keypad', () => {
  it('show the lock’s no-space error, each refused once', async () => {
    expect(slots).toBeGreaterThan(0)
    const placedRows = await rowsOf(placed)
    expect(placedRows.every((r) => r.status === 'set')).toBe(true)
    for (const row of await rowsOf(waiting)) {
      expect(row.status).toBe('setting')
      expect(JSON.parse(row.errors).map((e: { error_code: string }) => e.error_code)).toEqual([NO_SPACE])
    }
  })

  it('are not all sent again by the passes that later writes to the lock ask for: one of them is', async () => {
    for (let pass = 0; pass < 3; pass++) {
      const before = new Map((await rowsOf(waiting)).map((r) => [r.access_code_id, r.updated_at]))
      await h.advance(1_000)
      // A write to the lock that asks for a pass (an update of a code it holds that changes nothing: "Retry now").
      await updateAccessCode(h.ctx, { access_code_id: placed[pass] ?? '' })
      await h.settle()
      const after = await rowsOf(waiting)
      const sentAgain = after.filter((r) => r.updated_at !== before.get(r.access_code_id))
      expect(sentAgain, `pass ${pass}`).toHaveLength(1)
      expect(after.every((r) => r.status === 'setting')).toBe(true)
    }
    expect((await rowsOf(placed.slice(0, 3))).map((r) => r.status)).toEqual(['set', 'set', 'set'])
  })

  it('take the slots that deleted codes free, oldest first, in the pass that frees them', async () => {
    await h.advance(1_000)
    for (const id of placed.slice(-2)) await deleteAccessCode(h.ctx, { access_code_id: id })
    await h.settle()
    const rows = await rowsOf(waiting)
    expect(rows.map((r) => r.status)).toEqual(['set', 'set', 'setting', 'setting', 'setting'])
    expect(JSON.parse(rows[0]?.errors ?? '[]')).toEqual([])
    // The rest still wait, and are still tried (one at a time) on the lock's retries: nothing is dropped.
    for (let i = 0; i < 8; i++) await h.advance(60_000)
    expect((await rowsOf(waiting)).filter((r) => r.status === 'setting')).toHaveLength(3)
  })
})
